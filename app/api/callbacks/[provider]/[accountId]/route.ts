import { handleChannelCallback } from "@/lib/orders/handle-callback";
import { readBodyCapped } from "@/lib/api/body";
import { logger } from "@/lib/log";
import { observeRequest } from "@/lib/metrics/metrics";

type Ctx = { params: Promise<{ provider: string; accountId: string }> };

/** Inbound channel notifications. Verification needs the exact bytes, so the body is read raw. */
export async function POST(req: Request, { params }: Ctx) {
  const { provider, accountId } = await params;
  const started = performance.now();
  let response: Response;
  try {
    const raw = await readBodyCapped(req);
    const ack = await handleChannelCallback(provider, accountId, req.headers, raw);
    response = new Response(ack.body || null, { status: ack.status, headers: { "content-type": ack.contentType } });
  } catch (error) {
    // Not acknowledged, so the provider sends it again: nothing is lost while we are failing.
    logger().error({ err: error, provider, accountId }, "callback handling failed");
    response =
      provider === "alipay"
        ? new Response("fail", { status: 200, headers: { "content-type": "text/plain" } })
        : Response.json({ code: "FAIL", message: "internal error" }, { status: 500 });
  }
  observeRequest("POST", "/api/callbacks/{provider}/{accountId}", response.status, (performance.now() - started) / 1000);
  return response;
}
