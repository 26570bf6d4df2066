import { and, eq } from "drizzle-orm";
import { db } from "../db/client";
import { goods } from "../db/schema";
import { isMerchantSuspended } from "../merchants/merchants";
import { deviceOf } from "../checkout/device";
import { openPaymentLinkSession } from "../checkout/sessions";
import { startCheckoutPayment } from "../checkout/start-payment";
import { checkoutDestination } from "../checkout/redirects";
import { checkoutUrl } from "../checkout/urls";
import { findPaymentLink, type PaymentLinkRow } from "./links";

/** What opening /l/{id} comes to: on to a checkout, or a page saying why not. */
export type LinkVisit = { kind: "redirect"; url: string } | { kind: "missing" } | { kind: "gone" } | { kind: "unavailable" };

/**
 * Whether the link leads to a checkout now, without opening one (a HEAD request: link previews and
 * uptime checks must not create sessions).
 */
export async function paymentLinkState(id: string): Promise<{ kind: "open"; link: PaymentLinkRow } | Exclude<LinkVisit, { kind: "redirect" }>> {
  const link = await findPaymentLink(id);
  if (!link) return { kind: "missing" };
  if (!link.active) return { kind: "gone" };
  const [item] = await db().select({ active: goods.active }).from(goods).where(and(eq(goods.id, link.goodsId), eq(goods.merchantId, link.merchantId))).limit(1);
  if (!item?.active) return { kind: "gone" };
  if (await isMerchantSuspended(link.merchantId)) return { kind: "unavailable" };
  return { kind: "open", link };
}

/**
 * A buyer opened a payment link. Every visit is a checkout session (and so an order) of its own;
 * where it goes depends on the browser (lib/checkout/device.ts):
 * - inside WeChat: straight to a JSAPI payment, through WeChat's OAuth for the payer's openid;
 * - inside Alipay: straight to Alipay's wap pay, which the app opens in place;
 * - another phone browser: the hosted page's channel picker;
 * - a desktop: the hosted page, which shows QR codes.
 * A deactivated link, or one whose goods is retired, is "gone"; a suspended merchant's is "unavailable".
 */
export async function visitPaymentLink(id: string, ctx: { userAgent: string | null; ip: string | null }): Promise<LinkVisit> {
  const state = await paymentLinkState(id);
  if (state.kind !== "open") return state;
  const { link } = state;
  const session = await openPaymentLinkSession(link);
  switch (deviceOf(ctx.userAgent)) {
    case "wechat":
      // On PUBLIC_BASE_URL, the domain registered with WeChat for OAuth (as the page's own button does).
      return { kind: "redirect", url: checkoutDestination(session.id, await startCheckoutPayment(session.id, "wechat_jsapi", { ip: ctx.ip, oauthRedirect: checkoutUrl(session.id, "oauth") })) };
    case "alipay":
      return { kind: "redirect", url: checkoutDestination(session.id, await startCheckoutPayment(session.id, "alipay_h5", { ip: ctx.ip })) };
    case "phone":
    case "desktop":
      return { kind: "redirect", url: checkoutUrl(session.id) };
  }
}
