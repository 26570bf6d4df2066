import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { db } from "../db/client";
import { checkoutSessions } from "../db/schema";
import { redis } from "../redis";
import { config } from "../config";
import { ApiError } from "../api/errors";
import type { ChannelId } from "../channels";
import { createOrder, accountForOrder } from "../orders/create-order";
import { closeOrder } from "../orders/close-order";
import { getOrderById } from "../orders/get-orders";
import { syncOrder } from "../orders/sync-order";
import type { OrderView } from "../orders/view";
import { orderView } from "../orders/view";
import { refreshSession, type SessionRow } from "./sessions";
import { isMerchantSuspended } from "../merchants/merchants";
import { canAskForOpenId, oauthAuthorizeUrl } from "./wechat-oauth";

export type StartResult =
  | { kind: "redirect"; url: string }
  | { kind: "jsapi"; order: OrderView }
  | { kind: "paid" }
  | { kind: "expired" }
  | { kind: "error"; message: string };

/** Longer than creating an order and closing a previous one can take (each channel call times out at 10 s). */
const LOCK_MS = 60_000;

export const returnPageUrl = (sessionId: string) => `${config().PUBLIC_BASE_URL}/checkout/${sessionId}/return`;

/** Where the buyer goes for an order's payment, per channel. */
function destination(sessionId: string, order: OrderView): StartResult {
  const p = order.payParams ?? {};
  if (order.channel === "alipay_h5" && p.payUrl) return { kind: "redirect", url: p.payUrl };
  if (order.channel === "wechat_h5" && p.h5Url) {
    // The adapter already appended the order's returnUrl (our return page) as WeChat's redirect_url.
    return { kind: "redirect", url: p.h5Url };
  }
  if (order.channel === "wechat_jsapi" && p.paySign) return { kind: "jsapi", order };
  return { kind: "error", message: "no pay parameters" };
}

/**
 * The buyer picked a channel on the hosted page. One session has at most one live order: a double
 * tap gets the same order (a per-session lock, then reuse), and switching channel first closes the
 * previous order at its channel, so a buyer can never pay twice through one session. If that close
 * finds the buyer already paid, the session is complete instead.
 */
export async function startCheckoutPayment(
  sessionId: string,
  channel: ChannelId,
  ctx: { ip: string | null; openId?: string | null; oauthRedirect?: string },
): Promise<StartResult> {
  const lockKey = `checkout:${sessionId}`;
  const token = randomBytes(16).toString("hex");
  const deadline = Date.now() + 25_000;
  while ((await redis().set(lockKey, token, "PX", LOCK_MS, "NX")) !== "OK") {
    if (Date.now() > deadline) return { kind: "error", message: "busy" };
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    return await startLocked(sessionId, channel, ctx);
  } finally {
    // Only our own lock is released: if it expired and another request holds it now, it stays.
    await redis().eval(RELEASE_IF_OURS, 1, lockKey, token);
  }
}

const RELEASE_IF_OURS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

async function startLocked(sessionId: string, channel: ChannelId, ctx: { ip: string | null; openId?: string | null; oauthRedirect?: string }): Promise<StartResult> {
  const [raw] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, sessionId)).limit(1);
  if (!raw) return { kind: "error", message: "not found" };
  const session = await refreshSession(raw);
  if (session.status === "complete") return { kind: "paid" };
  if (session.status === "expired") return { kind: "expired" };
  const owner = { merchantId: session.merchantId, livemode: session.livemode };

  if (session.orderId) {
    const previous = await getOrderById(session.orderId);
    if (previous?.status === "paid") return { kind: "paid" };
    if (previous?.status === "pending") {
      if (previous.channel === channel && previous.payParams) return destination(session.id, orderView(previous));
      const closed = await closeOrder(previous);
      if (closed.outcome === "already_paid") return { kind: "paid" };
    }
  }

  // A suspended merchant takes no new payments; an order this session already has (above) can still be paid.
  if (await isMerchantSuspended(owner.merchantId)) return { kind: "error", message: "merchant suspended" };

  const openId = ctx.openId ?? session.openId;
  if (channel === "wechat_jsapi" && !openId) {
    const account = await accountForOrder(owner, channel);
    if (!canAskForOpenId(account) || !ctx.oauthRedirect) return { kind: "error", message: "openid unavailable" };
    return { kind: "redirect", url: oauthAuthorizeUrl(account, ctx.oauthRedirect, session.id) };
  }
  if (openId && openId !== session.openId) {
    await db().update(checkoutSessions).set({ openId }).where(eq(checkoutSessions.id, session.id));
  }

  // The order lives exactly as long as the session that fixed its price.
  const expiresAt = session.expiresAt.getTime() - Date.now() < 90_000 ? null : session.expiresAt;
  if (!expiresAt) return { kind: "expired" };
  let order: OrderView;
  try {
    order = await createOrder(
      owner,
      {
        goodsId: session.goodsId,
        quantity: session.quantity,
        channel,
        buyerId: session.buyerId,
        attach: session.attach ?? undefined,
        openId: channel === "wechat_jsapi" ? (openId ?? undefined) : undefined,
        returnUrl: returnPageUrl(session.id),
        expiresAt,
      },
      ctx.ip,
      { unitPriceFen: session.amountFen / session.quantity },
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
  return destination(session.id, order);
}

export type CheckoutState = { status: "open" | "confirming" | "paid" | "expired"; successRedirect: string | null };

/** What the return page polls: the order is synced with the channel (at most every few seconds). */
export async function checkoutState(session: SessionRow): Promise<CheckoutState> {
  let current = session;
  if (current.status === "open" && current.orderId) {
    const order = await getOrderById(current.orderId);
    if (order && order.status === "pending") {
      await syncOrder(order);
    }
    current = await refreshSession(current);
  }
  if (current.status === "complete") return { status: "paid", successRedirect: successRedirect(current) };
  if (current.status === "expired") return { status: "expired", successRedirect: null };
  return { status: current.orderId ? "confirming" : "open", successRedirect: null };
}

export function successRedirect(session: SessionRow): string {
  const url = new URL(session.successUrl);
  if (session.orderId) url.searchParams.set("orderId", session.orderId);
  return url.toString();
}
