/** A bare route: liveness for load balancers, and the benchmark's baseline for what the framework alone costs. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
