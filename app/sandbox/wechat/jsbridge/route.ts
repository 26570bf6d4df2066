import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { sandboxJsBridgeTarget } from "@/lib/sandbox/wechat-web";

/** The stand-in WeixinJSBridge navigates here with the getBrandWCPayRequest object as query parameters. */
export async function GET(req: Request) {
  return sandboxGuarded(async () => {
    const q = new URL(req.url).searchParams;
    const field = (k: string) => q.get(k) ?? "";
    const result = await sandboxJsBridgeTarget(
      { appId: field("appId"), timeStamp: field("timeStamp"), nonceStr: field("nonceStr"), package: field("package"), signType: field("signType"), paySign: field("paySign") },
      q.get("return_url"),
    );
    if ("error" in result) return new Response(`get_brand_wcpay_request:fail ${result.error}`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    return Response.redirect(result.redirect, 303);
  });
}
