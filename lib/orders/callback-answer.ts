import { observeRequest } from "../metrics/metrics";
import { handleChannelCallback, type InboundCallback } from "./handle-callback";

export type CallbackAnswer = { status: number; headers: Record<string, string>; body: string };

/**
 * POST /api/callbacks/{provider}/{accountId}, whoever receives it: the Next route, or the web
 * server itself (lib/api/direct-callbacks.ts), which answers channel callbacks without Next's
 * router. Both answer the same, and count the request the same.
 */
export async function answerChannelCallback(provider: string, accountId: string, req: InboundCallback): Promise<CallbackAnswer> {
  const started = performance.now();
  const ack = await handleChannelCallback(provider, accountId, req);
  observeRequest("POST", "/api/callbacks/{provider}/{accountId}", ack.status, (performance.now() - started) / 1000);
  // no-transform: Next's compression gzipped every few-byte acknowledgement (a provider reads it as is).
  return { status: ack.status, body: ack.body, headers: { "content-type": ack.contentType, "cache-control": "no-store, no-transform" } };
}
