import { and, eq, isNull } from "drizzle-orm";
import { db } from "../db/client";
import { checkoutSessions } from "../db/schema";
import { withLock } from "../redis-lock";
import { ApiError } from "../api/errors";
import { channelClosableUnopened, channelLimits, isChannelId, type ChannelId } from "../channels";
import { config } from "../config";
import { createOrder, accountForOrder } from "../orders/create-order";
import { closeOrder } from "../orders/close-order";
import { getOrderById } from "../orders/get-orders";
import { closeOtherOrders, pendingSessionOrders } from "./desktop";
import { syncOrder } from "../orders/sync-order";
import { orderNextAction, type OrderRow, type OrderView } from "../orders/view";
import { refreshSession, type SessionRow } from "./sessions";
import { isMerchantSuspended } from "../merchants/merchants";
import { canAskForOpenId, oauthAuthorizeUrl } from "./wechat-oauth";
import { checkoutUrl } from "./urls";

export type StartResult =
  | { kind: "redirect"; url: string }
  | { kind: "jsapi" }
  | { kind: "paid" }
  | { kind: "expired" }
  | { kind: "error"; message: string };

/** Longer than creating an order and closing a previous one can take (each channel call times out at 10 s). */
const LOCK_MS = 60_000;

/**
 * The deadline of a new order of the session. A channel whose unopened payment a close cannot stop
 * (Alipay's pay URLs: the trade exists only once the buyer opens it) gets a short pay window
 * (CHECKOUT_PAY_WINDOW_SECONDS) as its time_expire, so a URL left in a tab after the buyer chose
 * another channel dies soon; every other channel lives as long as the session that fixed its price.
 */
function orderDeadline(session: SessionRow, channel: ChannelId, now: number): Date {
  if (channelClosableUnopened(channel)) return session.expiresAt;
  return new Date(Math.min(session.expiresAt.getTime(), now + config().CHECKOUT_PAY_WINDOW_SECONDS * 1000));
}

/**
 * Whether the session's chosen order can be handed to the buyer again. A pay window about to end
 * would leave the buyer on a page that refuses to take the money: a fresh order and URL instead.
 */
function stillPayable(order: OrderRow, now: number): boolean {
  if (!isChannelId(order.channel) || channelClosableUnopened(order.channel)) return true;
  const margin = Math.min(60_000, (config().CHECKOUT_PAY_WINDOW_SECONDS * 1000) / 4);
  return order.expiresAt.getTime() - now > margin;
}

/**
 * Where the buyer goes for an order's payment: what its channel says to do with the pay parameters
 * (a wechat_h5 URL already carries our return page as WeChat's redirect_url).
 */
function destination(order: Pick<OrderRow, "channel" | "payParams">): StartResult {
  const action = orderNextAction(order);
  switch (action?.type) {
    case "redirect":
      return { kind: "redirect", url: action.url };
    case "jsapi":
      return { kind: "jsapi" };
    case "qr": // QR channels are shown by the desktop page (desktop.ts), never chosen with a button
    case undefined:
      return { kind: "error", message: "no pay parameters" };
  }
}

/**
 * The buyer picked a channel on the hosted page. One session has at most one live order: a double
 * tap gets the same order (a per-session lock, then reuse), and switching channel first closes the
 * previous order at its channel. If that close finds the buyer already paid, the session is complete
 * instead. A close cannot stop an Alipay pay URL the buyer never opened, so those carry a short pay
 * window (orderDeadline) and are re-issued when the buyer comes back after it. Should a second
 * payment still arrive, the order is flagged a duplicate payment of the session (transitions.ts).
 */
export async function startCheckoutPayment(
  sessionId: string,
  channel: ChannelId,
  ctx: { ip: string | null; openId?: string | null; oauthRedirect?: string },
): Promise<StartResult> {
  const locked = await withLock(`checkout:${sessionId}`, { ttlMs: LOCK_MS, waitMs: 25_000 }, () => startLocked(sessionId, channel, ctx));
  return locked.busy ? { kind: "error", message: "busy" } : locked.value;
}

async function startLocked(sessionId: string, channel: ChannelId, ctx: { ip: string | null; openId?: string | null; oauthRedirect?: string }): Promise<StartResult> {
  const [raw] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, sessionId)).limit(1);
  if (!raw) return { kind: "error", message: "not found" };
  const session = await refreshSession(raw);
  if (session.status === "complete") return { kind: "paid" };
  if (session.status === "expired") return { kind: "expired" };
  const owner = { merchantId: session.merchantId, livemode: session.livemode };

  // Every other payable order of the session (the chosen one of another channel, a desktop page's
  // QR codes) is closed first, so the buyer can pay through exactly one.
  let reusable: OrderRow | null = null;
  for (const previous of await pendingSessionOrders(session)) {
    if (previous.id === session.orderId && previous.channel === channel && previous.payParams && stillPayable(previous, Date.now())) {
      reusable = previous;
      continue;
    }
    const closed = await closeOrder(previous);
    if (closed.outcome === "already_paid") return { kind: "paid" };
  }
  if (reusable) return destination(reusable);

  // A suspended merchant takes no new payments; an order this session already has (above) can still be paid.
  if (await isMerchantSuspended(owner.merchantId)) return { kind: "error", message: "merchant suspended" };

  const openId = ctx.openId ?? session.openId;
  if (channelLimits(channel).needsOpenId && !openId) {
    const account = await accountForOrder(owner, channel);
    if (!canAskForOpenId(account) || !ctx.oauthRedirect) return { kind: "error", message: "openid unavailable" };
    return { kind: "redirect", url: oauthAuthorizeUrl(account, ctx.oauthRedirect, session.id) };
  }
  if (openId && openId !== session.openId) {
    await db().update(checkoutSessions).set({ openId }).where(eq(checkoutSessions.id, session.id));
  }

  // The order lives no longer than the session that fixed its price.
  const now = Date.now();
  if (session.expiresAt.getTime() - now < 90_000) return { kind: "expired" };
  const expiresAt = orderDeadline(session, channel, now);
  let order: OrderView;
  try {
    order = await createOrder(
      owner,
      {
        goodsId: session.goodsId,
        quantity: session.quantity,
        channel,
        // A payment link's visitor inside WeChat is known by the openid OAuth gave (shared/API.md).
        buyerId: session.paymentLinkId && openId && channelLimits(channel).needsOpenId ? openId : session.buyerId,
        attach: session.attach ?? undefined,
        openId: channelLimits(channel).needsOpenId ? (openId ?? undefined) : undefined,
        returnUrl: checkoutUrl(session.id, "return"),
        expiresAt,
      },
      ctx.ip,
      { unitPriceFen: session.amountFen / session.quantity, checkoutSessionId: session.id },
    );
  } catch (error) {
    if (error instanceof ApiError) return { kind: "error", message: error.message };
    throw error;
  }
  // Compare-and-set on the order the session had when we started: should the lock ever have lapsed
  // and another request attached an order meanwhile, ours is closed, so one session never has two payable orders.
  const [attached] = await db()
    .update(checkoutSessions)
    .set({ orderId: order.id, channel })
    .where(and(eq(checkoutSessions.id, session.id), session.orderId ? eq(checkoutSessions.orderId, session.orderId) : isNull(checkoutSessions.orderId)));
  if (attached.affectedRows !== 1) {
    const ours = await getOrderById(order.id);
    if (ours) await closeOrder(ours).catch(() => undefined);
    return { kind: "error", message: "superseded" };
  }
  return destination(order);
}

export type CheckoutState = { status: "open" | "confirming" | "paid" | "expired"; successRedirect: string | null };

/** What the return page polls: the order is synced with the channel (at most every few seconds). */
export async function checkoutState(session: SessionRow): Promise<CheckoutState> {
  let current = session;
  const pending = current.status === "open" ? await pendingSessionOrders(current) : [];
  if (pending.length > 0) {
    // The chosen order, or every QR code's order of a desktop page: whichever the buyer paid.
    await Promise.all(pending.map((order) => syncOrder(order)));
    current = await refreshSession(current);
  }
  if (current.status === "complete") {
    // The QR code not scanned is closed at its channel (usually the callback completed the session first).
    await closeOtherOrders(current);
    return { status: "paid", successRedirect: successRedirect(current) };
  }
  if (current.status === "expired") return { status: "expired", successRedirect: null };
  return { status: current.orderId ? "confirming" : "open", successRedirect: null };
}

export function successRedirect(session: SessionRow): string {
  const url = new URL(session.successUrl);
  if (session.orderId) url.searchParams.set("orderId", session.orderId);
  return url.toString();
}
