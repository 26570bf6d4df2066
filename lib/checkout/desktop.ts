import { and, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { ApiError } from "../api/errors";
import { nextAction, type ChannelId } from "../channels";
import { withLock } from "../redis-lock";
import { createOrder } from "../orders/create-order";
import { closeOrder } from "../orders/close-order";
import { getOrderById } from "../orders/get-orders";
import type { OrderRow } from "../orders/view";
import { isMerchantSuspended } from "../merchants/merchants";
import { logger } from "../log";
import { findCheckoutSession, refreshSession, type SessionRow } from "./sessions";
import { checkoutUrl } from "./urls";

/** The channels whose payment is a code the buyer scans with a phone, in the order the page shows them. */
export const QR_CHANNELS = ["wechat_native", "alipay_qr"] as const satisfies readonly ChannelId[];
export type QrChannel = (typeof QR_CHANNELS)[number];
const isQrChannel = (channel: string): channel is QrChannel => (QR_CHANNELS as readonly string[]).includes(channel);

export type QrCode = { channel: QrChannel; orderId: string; content: string; svg: string };
export type DesktopCheckout = { kind: "qr"; codes: QrCode[]; secondsLeft: number } | { kind: "paid" } | { kind: "expired" } | { kind: "error"; message: string };

/** Same lock as a channel choice (start-payment.ts): one writer of a session's orders at a time. */
const LOCK_MS = 60_000;
/** An order needs this long before the session ends to be worth showing (scan, confirm, pay). */
const MIN_REMAINING_MS = 90_000;

/** The QR code as an SVG, drawn here: no image service ever sees the payment link. */
export function qrSvg(content: string): Promise<string> {
  return QRCode.toString(content, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** Every pending order of a session: its chosen one and its QR codes' ones. */
export async function pendingSessionOrders(session: Pick<SessionRow, "id" | "orderId">): Promise<OrderRow[]> {
  const linked = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.checkoutSessionId, session.id), eq(orders.status, "pending")));
  if (session.orderId && !linked.some((o) => o.id === session.orderId)) {
    const chosen = await getOrderById(session.orderId);
    if (chosen?.status === "pending") linked.push(chosen);
  }
  return linked;
}

/**
 * The desktop page: one pending order per QR channel for this session, each with its code. A
 * reload shows the same orders; an order of another channel the buyer started here (a phone
 * channel, Alipay PC) is closed first, so what is payable is exactly what the page shows. Both codes
 * are payable at once; whichever is paid first completes the session and the other is closed
 * (checkoutState). A buyer who pays both within seconds has two paid orders, each announced with
 * order.paid, so the merchant can refund one: money taken is never ignored.
 */
export async function desktopCheckout(sessionId: string, ctx: { ip: string | null }): Promise<DesktopCheckout> {
  const locked = await withLock(`checkout:${sessionId}`, { ttlMs: LOCK_MS, waitMs: 25_000 }, () => desktopLocked(sessionId, ctx));
  return locked.busy ? { kind: "error", message: "busy" } : locked.value;
}

async function desktopLocked(sessionId: string, ctx: { ip: string | null }): Promise<DesktopCheckout> {
  const found = await findCheckoutSession(sessionId);
  if (!found) return { kind: "error", message: "not found" };
  const session = await refreshSession(found);
  if (session.status === "complete") return { kind: "paid" };
  if (session.status === "expired") return { kind: "expired" };

  const byChannel = new Map<QrChannel, OrderRow>();
  for (const order of await pendingSessionOrders(session)) {
    if (isQrChannel(order.channel) && order.payParams && !byChannel.has(order.channel)) {
      byChannel.set(order.channel, order);
      continue;
    }
    const closed = await closeOrder(order).catch((error: unknown) => {
      logger().warn({ err: error, orderId: order.id }, "checkout: could not close an order of another channel");
      return null;
    });
    if (closed?.outcome === "already_paid") return (await refreshSession(session)).status === "complete" ? { kind: "paid" } : { kind: "error", message: "paid elsewhere" };
  }

  const remaining = session.expiresAt.getTime() - Date.now();
  const owner = { merchantId: session.merchantId, livemode: session.livemode };
  const canCreate = remaining >= MIN_REMAINING_MS && !(await isMerchantSuspended(owner.merchantId));
  if (canCreate) {
    for (const channel of QR_CHANNELS) {
      if (byChannel.has(channel)) continue;
      try {
        const view = await createOrder(
          owner,
          { goodsId: session.goodsId, quantity: session.quantity, channel, buyerId: session.buyerId, attach: session.attach ?? undefined, returnUrl: checkoutUrl(session.id, "return"), expiresAt: session.expiresAt },
          ctx.ip,
          { unitPriceFen: session.amountFen / session.quantity, checkoutSessionId: session.id },
        );
        const row = await getOrderById(view.id);
        if (row) byChannel.set(channel, row);
      } catch (error) {
        // A channel the merchant has not set up (live mode), or one that refused: show the others.
        if (!(error instanceof ApiError)) throw error;
        logger().info({ sessionId: session.id, channel, code: error.code }, "checkout: QR channel unavailable");
      }
    }
  }
  const codes: QrCode[] = [];
  for (const channel of QR_CHANNELS) {
    const order = byChannel.get(channel);
    const action = order ? nextAction(order.channel, order.payParams) : null;
    if (order && action?.type === "qr") codes.push({ channel, orderId: order.id, content: action.content, svg: await qrSvg(action.content) });
  }
  if (codes.length === 0) return remaining < MIN_REMAINING_MS ? { kind: "expired" } : { kind: "error", message: "no QR channel" };
  return { kind: "qr", codes, secondsLeft: Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)) };
}

/**
 * Once a session is paid, its other pending orders (the QR code not scanned) are closed at their
 * channels. Best effort: an order that cannot be closed now expires with the session anyway.
 */
export async function closeOtherOrders(session: Pick<SessionRow, "id" | "orderId">): Promise<void> {
  const others = (await pendingSessionOrders(session)).filter((o) => o.id !== session.orderId);
  await Promise.all(
    others.map((o) =>
      closeOrder(o).catch((error: unknown) => {
        logger().warn({ err: error, orderId: o.id }, "checkout: could not close a sibling order");
      }),
    ),
  );
}
