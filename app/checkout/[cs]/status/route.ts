import { findCheckoutSession } from "@/lib/checkout/sessions";
import { returnState } from "@/lib/checkout/return-state";

type Ctx = { params: Promise<{ cs: string }> };

/** Polled by the return page (and the desktop page): the session's state, with the order synced with its channel. */
export async function GET(_req: Request, { params }: Ctx) {
  const { cs } = await params;
  const session = await findCheckoutSession(cs);
  if (!session) return Response.json({ error: { type: "not_found", code: "resource_missing", message: "No such checkout session" } }, { status: 404 });
  return Response.json(await returnState(session), { headers: { "cache-control": "no-store" } });
}
