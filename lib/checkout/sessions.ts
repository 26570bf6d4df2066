import { and, asc, eq } from "drizzle-orm";
import { db } from "../db/client";
import { checkoutSessions, merchants, orders } from "../db/schema";
import { newId } from "../ids";
import { checkoutUrl } from "./urls";
import { invalid } from "../api/errors";
import { getGoodsOrThrow } from "../goods/goods";
import { getOwnedOrThrow, type Owner } from "../owner";
import { getOrderById } from "../orders/get-orders";
import type { OrderRow } from "../orders/view";
import type { CreateCheckoutSessionInput } from "./schemas";
import { checkPublishableRedirects } from "../merchants/redirect-domains";

export type SessionRow = typeof checkoutSessions.$inferSelect;
export type SessionStatus = "open" | "complete" | "expired";

/** A session lives as long as a default order: long enough to pay, short enough that prices stay true. */
const SESSION_TTL_MS = 30 * 60_000;

export type CheckoutSessionView = {
  id: string;
  object: "checkout_session";
  livemode: boolean;
  url: string;
  status: SessionStatus;
  goodsId: string;
  quantity: number;
  amount: number;
  currency: string;
  buyerId: string;
  attach: string | null;
  successUrl: string;
  cancelUrl: string | null;
  orderId: string | null;
  paidOrderId: string | null;
  duplicatePaymentOrderIds: string[];
  createdAt: string;
  expiresAt: string;
};

/** `duplicatePaymentOrderIds`: the session's orders paid after `paidOrderId` (duplicatePaymentsOf). */
export function sessionView(row: SessionRow, duplicatePaymentOrderIds: string[] = []): CheckoutSessionView {
  return {
    id: row.id,
    object: "checkout_session",
    livemode: row.livemode,
    url: checkoutUrl(row.id),
    status: row.status,
    goodsId: row.goodsId,
    quantity: row.quantity,
    amount: row.amountFen,
    currency: row.currency,
    buyerId: row.buyerId,
    attach: row.attach,
    successUrl: row.successUrl,
    cancelUrl: row.cancelUrl,
    orderId: row.orderId,
    paidOrderId: row.paidOrderId,
    duplicatePaymentOrderIds,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** POST /api/v1/checkout-sessions: goods, quantity and amount are fixed now, from the goods' current price. */
export async function createCheckoutSession(
  owner: Owner,
  input: CreateCheckoutSessionInput,
  by: { publishableKey: boolean },
): Promise<CheckoutSessionView> {
  const goods = await getGoodsOrThrow(owner, input.goodsId);
  if (!goods.active) throw invalid("goods_inactive", `Goods ${goods.id} is retired (active: false) and cannot be sold.`, "goodsId");
  if (by.publishableKey) await checkPublishableRedirects(owner.merchantId, { successUrl: input.successUrl, cancelUrl: input.cancelUrl });
  const now = new Date();
  const row: SessionRow = {
    id: newId("cs"),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    goodsId: goods.id,
    quantity: input.quantity,
    amountFen: goods.priceFen * input.quantity,
    currency: goods.currency,
    buyerId: input.buyerId,
    attach: input.attach ?? null,
    openId: input.openId ?? null,
    successUrl: input.successUrl,
    cancelUrl: input.cancelUrl ?? null,
    status: "open",
    orderId: null,
    channel: null,
    paidOrderId: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    completedAt: null,
  };
  await db().insert(checkoutSessions).values(row);
  return sessionView(row);
}

/**
 * The session with its status brought up to date: complete once its order is paid (whenever that
 * is learnt), expired once past expiresAt without payment.
 */
export async function refreshSession(row: SessionRow): Promise<SessionRow> {
  if (row.status !== "open") return row;
  const order = await paidOrderOf(row);
  if (order) {
    const completedAt = order.paidAt ?? new Date();
    // The paid order becomes the session's order (a desktop page's QR codes are orders of their own).
    const [done] = await db()
      .update(checkoutSessions)
      .set({ status: "complete", completedAt, orderId: order.id, channel: order.channel })
      .where(and(eq(checkoutSessions.id, row.id), eq(checkoutSessions.status, "open")));
    if (done.affectedRows === 1) return { ...row, status: "complete", completedAt, orderId: order.id, channel: order.channel };
    const [current] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, row.id)).limit(1);
    return current ?? row;
  }
  if (row.expiresAt.getTime() <= Date.now()) {
    await db()
      .update(checkoutSessions)
      .set({ status: "expired" })
      .where(and(eq(checkoutSessions.id, row.id), eq(checkoutSessions.status, "open")));
    return { ...row, status: "expired" };
  }
  return row;
}

/**
 * The session's paid order: the one that claimed it when it was marked paid (paid_order_id, see
 * lib/orders/transitions.ts), else (a session paid before that column existed) the one it chose or
 * the first paid of its QR codes' orders.
 */
async function paidOrderOf(row: SessionRow): Promise<OrderRow | null> {
  if (row.paidOrderId) {
    const claimed = await getOrderById(row.paidOrderId);
    if (claimed?.status === "paid") return claimed;
  }
  if (row.orderId) {
    const chosen = await getOrderById(row.orderId);
    if (chosen?.status === "paid") return chosen;
  }
  const [paid] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.checkoutSessionId, row.id), eq(orders.status, "paid")))
    .orderBy(asc(orders.paidAt))
    .limit(1);
  return paid ?? null;
}

/** For the API: the owner's session or a 404. */
export async function getCheckoutSessionOrThrow(owner: Owner, id: string): Promise<SessionRow> {
  return refreshSession(await getOwnedOrThrow(checkoutSessions, owner, id, "checkout session"));
}

/** The session's orders that were paid after another of its orders: a second payment to refund. */
export async function duplicatePaymentsOf(sessionId: string): Promise<string[]> {
  const rows = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.checkoutSessionId, sessionId), eq(orders.duplicatePayment, true)))
    .orderBy(asc(orders.paidAt), asc(orders.id));
  return rows.map((r) => r.id);
}

/** GET /api/v1/checkout-sessions/{id}: the session brought up to date, with the duplicate payments it received. */
export async function showCheckoutSession(owner: Owner, id: string): Promise<CheckoutSessionView> {
  const row = await getCheckoutSessionOrThrow(owner, id);
  return sessionView(row, await duplicatePaymentsOf(row.id));
}

/** For the hosted page: its unguessable id is the capability, as with a payment link. */
export async function findCheckoutSession(id: string): Promise<SessionRow | null> {
  if (!/^cs_[0-9A-Za-z]{1,40}$/.test(id)) return null;
  const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, id)).limit(1);
  return row ? refreshSession(row) : null;
}

export async function merchantName(merchantId: string): Promise<string> {
  const [row] = await db().select({ name: merchants.name }).from(merchants).where(eq(merchants.id, merchantId)).limit(1);
  return row?.name ?? "";
}
