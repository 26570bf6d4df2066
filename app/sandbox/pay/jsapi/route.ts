import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { sandboxCashierUrl } from "@/lib/sandbox/runtime";
import { tradeIdForPrepayId } from "@/lib/sandbox/cashier-actions";

/** /sandbox/pay/jsapi?prepay_id=wx…: the confirmation page for a JSAPI prepay_id (what WeChat's in-app sheet would show). */
export async function GET(req: Request) {
  return sandboxGuarded(async () => {
    const prepayId = new URL(req.url).searchParams.get("prepay_id") ?? "";
    const tradeId = prepayId ? await tradeIdForPrepayId(prepayId) : null;
    if (!tradeId) return new Response("prepay_id 不存在 (unknown prepay_id)", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    return Response.redirect(sandboxCashierUrl(tradeId), 303);
  });
}
