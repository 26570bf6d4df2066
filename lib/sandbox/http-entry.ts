import { logger } from "../log";
import { sandboxEnabled, sandboxHandlerOptions, sandboxStore } from "./runtime";
import { handleAlipayGateway } from "./alipay";
import { handleAlipayV3 } from "./alipay-v3";
import { handleWechatRequest } from "./wechatpay";
import { ensureSandboxIdentity } from "./provision";

/**
 * The sandbox's HTTP faces, for the thin route handlers under app/sandbox. Switched off entirely
 * (404) when SANDBOX_ENABLED is off, as on a live-only deployment.
 */
const notFound = () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });

async function guarded(fn: () => Promise<Response>): Promise<Response> {
  if (!sandboxEnabled()) return notFound();
  try {
    await ensureSandboxIdentity(sandboxStore());
    return await fn();
  } catch (error) {
    logger().error({ err: error }, "sandbox request failed");
    return new Response(JSON.stringify({ code: "SYSTEM_ERROR", message: "sandbox internal error" }), {
      status: 500,
      headers: { "content-type": "application/json" },
    });
  }
}

export const serveAlipayGateway = (req: Request) =>
  guarded(() => handleAlipayGateway(sandboxStore(), req, sandboxHandlerOptions()));

export const serveAlipayV3 = (req: Request, path: string) =>
  guarded(() => handleAlipayV3(sandboxStore(), req, `/v3/${path}`, sandboxHandlerOptions()));

export const serveWechatpay = (req: Request, path: string) =>
  guarded(() => handleWechatRequest(sandboxStore(), req, `/v3/${path}`, sandboxHandlerOptions()));

export { guarded as sandboxGuarded };
