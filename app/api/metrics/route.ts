import { scrape } from "@/lib/metrics/endpoint";
import { registerQueueDepths } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

/** Prometheus metrics of the web process (bearer METRICS_TOKEN); the worker serves its own. */
export async function GET(req: Request) {
  registerQueueDepths();
  const answer = await scrape(req.headers.get("authorization"));
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
