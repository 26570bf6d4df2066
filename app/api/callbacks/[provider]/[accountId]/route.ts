import { handleChannelCallback } from "@/lib/orders/handle-callback";
import { observeRequest } from "@/lib/metrics/metrics";

type Ctx = { params: Promise<{ provider: string; accountId: string }> };

/** Inbound channel notifications: lib verifies them on the raw body and picks the provider's exact answer. */
export async function POST(req: Request, { params }: Ctx) {
  const { provider, accountId } = await params;
  const started = performance.now();
  const ack = await handleChannelCallback(provider, accountId, req);
  observeRequest("POST", "/api/callbacks/{provider}/{accountId}", ack.status, (performance.now() - started) / 1000);
  // no-transform: Next's compression gzipped every few-byte acknowledgement (a provider reads it as is).
  return new Response(ack.body || null, { status: ack.status, headers: { "content-type": ack.contentType, "cache-control": "no-store, no-transform" } });
}
