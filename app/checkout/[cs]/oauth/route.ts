import { clientAddress } from "@/lib/api/client-address";
import { startCheckoutPayment } from "@/lib/checkout/start-payment";
import { checkoutRedirect } from "@/lib/checkout/redirects";
import { openIdFromOauth } from "@/lib/checkout/oauth-callback";

type Ctx = { params: Promise<{ cs: string }> };

/** WeChat's snsapi_base step returns here with a one-time code; with the openid the JSAPI order is made. */
export async function GET(req: Request, { params }: Ctx) {
  const { cs } = await params;
  const code = new URL(req.url).searchParams.get("code") ?? "";
  const openId = code ? await openIdFromOauth(cs, code) : null;
  if (!openId) return checkoutRedirect(cs, { kind: "error", message: "oauth failed" });
  return checkoutRedirect(cs, await startCheckoutPayment(cs, "wechat_jsapi", { ip: clientAddress(req.headers), openId }));
}
