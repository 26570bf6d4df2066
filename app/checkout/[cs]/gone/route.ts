import { pickLocale } from "@/lib/checkout/i18n";
import { findCheckoutSession } from "@/lib/checkout/sessions";
import { checkoutPath } from "@/lib/checkout/urls";
import { LINK_STATE_STATUS, linkStatePage } from "@/lib/payment-links/state-page";

type Ctx = { params: Promise<{ cs: string }> };

/**
 * Where the checkout sends a buyer whose session has expired: "支付链接已失效" with 410 Gone (a route
 * handler, since a Next page can only answer 404). A session that is still open goes back to its
 * page; an unknown one gets the same words with 404.
 */
export async function GET(req: Request, { params }: Ctx) {
  const { cs } = await params;
  const session = await findCheckoutSession(cs);
  const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
  const page = linkStatePage("sessionExpired", pickLocale(req.headers.get("accept-language")));
  if (!session) return new Response(page, { status: 404, headers });
  if (session.status !== "expired") return new Response(null, { status: 303, headers: { location: checkoutPath(session.id), "cache-control": "no-store" } });
  return new Response(page, { status: LINK_STATE_STATUS.sessionExpired, headers });
}
