import { and, asc, eq } from "drizzle-orm";
import { db, isDuplicateKey, retryOnDeadlock } from "../db/client";
import { checkoutSessions, merchants, orders } from "../db/schema";
import { newId } from "../ids";
import { checkoutUrl } from "./urls";
import { invalid } from "../api/errors";
import { idempotencyKeyReused, type DurableIdempotency } from "../api/idempotency";
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
  paymentLinkId: string | null;
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
    paymentLinkId: row.paymentLinkId,
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
  /** The request's Idempotency-Key, stored with the session: a retry after a crash gets this session, not a second one. */
  idempotency: DurableIdempotency | null = null,
): Promise<CheckoutSessionView> {
  // Looked up before the request is checked again: the goods may have been retired since the
  // session was made, and the retry is still answered with that session.
  if (idempotency) {
    const prior = await sessionUnder(idempotency);
    if (prior) return sessionCreatedUnder(prior, idempotency);
  }
  if (by.publishableKey) await checkPublishableRedirects(owner.merchantId, { successUrl: input.successUrl, cancelUrl: input.cancelUrl });
  try {
    const row = await openSession(
      owner,
      {
        goodsId: input.goodsId,
        quantity: input.quantity,
        buyerId: input.buyerId,
        attach: input.attach ?? null,
        openId: input.openId ?? null,
        successUrl: () => input.successUrl,
        cancelUrl: input.cancelUrl ?? null,
        paymentLinkId: null,
      },
      idempotency,
    );
    return sessionView(row);
  } catch (error) {
    // A concurrent request under the key (its in-progress lock lapsed) inserted first: its session is the answer.
    if (idempotency && isDuplicateKey(error)) {
      const winner = await sessionUnder(idempotency);
      if (winner) return sessionCreatedUnder(winner, idempotency);
    }
    throw error;
  }
}

async function sessionUnder(idempotency: DurableIdempotency): Promise<SessionRow | null> {
  const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.idempotencyKey, idempotency.key)).limit(1);
  return row ?? null;
}

/**
 * A retry under an Idempotency-Key whose session exists although Redis has no answer for it (the
 * process that made it died before recording one, and the in-progress lock lapsed): that session as
 * it is now, as GET gives it; a different request under the key is refused as Redis would.
 */
async function sessionCreatedUnder(existing: SessionRow, idempotency: DurableIdempotency): Promise<CheckoutSessionView> {
  if (existing.idempotencyFingerprint !== idempotency.fingerprint) throw idempotencyKeyReused();
  const row = await refreshSession(existing);
  return sessionView(row, await duplicatePaymentsOf(row.id));
}

type SessionFields = Pick<SessionRow, "goodsId" | "quantity" | "buyerId" | "attach" | "openId" | "cancelUrl" | "paymentLinkId"> & {
  /** Given the new session's id (a payment link's session may finish on its own page). */
  successUrl: (sessionId: string) => string;
};

/** A new open session for the owner's goods, priced now from the goods' current price. */
async function openSession(owner: Owner, fields: SessionFields, idempotency: DurableIdempotency | null = null): Promise<SessionRow> {
  const goods = await getGoodsOrThrow(owner, fields.goodsId);
  if (!goods.active) throw invalid("goods_inactive", `Goods ${goods.id} is retired (active: false) and cannot be sold.`, "goodsId");
  const now = new Date();
  const id = newId("cs");
  const row: SessionRow = {
    ...fields,
    id,
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    goodsId: goods.id,
    amountFen: goods.priceFen * fields.quantity,
    currency: goods.currency,
    successUrl: fields.successUrl(id),
    status: "open",
    orderId: null,
    channel: null,
    paidOrderId: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    completedAt: null,
    idempotencyKey: idempotency?.key ?? null,
    idempotencyFingerprint: idempotency?.fingerprint ?? null,
  };
  await db().insert(checkoutSessions).values(row);
  return row;
}

/**
 * A visit to a payment link: a session of its own, in the link's merchant and mode, at the goods'
 * price now. Its buyerId is the link's id until the payer is known: the openid once WeChat's OAuth
 * gives it (JSAPI), else the channel's payer id when the order is paid (lib/payment-links/payer.ts).
 * Without a successUrl the buyer ends on payrelay's own paid page.
 */
export function openPaymentLinkSession(link: { id: string; merchantId: string; livemode: boolean; goodsId: string; quantity: number; successUrl: string | null }): Promise<SessionRow> {
  return openSession(
    { merchantId: link.merchantId, livemode: link.livemode },
    {
      goodsId: link.goodsId,
      quantity: link.quantity,
      buyerId: link.id,
      attach: null,
      openId: null,
      successUrl: (id) => link.successUrl ?? checkoutUrl(id, "done"),
      cancelUrl: null,
      paymentLinkId: link.id,
    },
  );
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
    // A payment link's session takes its payer from the paid order (the link's id was a placeholder).
    const buyerId = row.paymentLinkId ? order.buyerId : row.buyerId;
    // The paid order becomes the session's order (a desktop page's QR codes are orders of their own).
    // The order's paid transition locks this row too (it claims the session, lib/orders/transitions.ts):
    // InnoDB may pick this update as a deadlock victim, which was a 500 for GET checkout-sessions.
    const [done] = await retryOnDeadlock(() =>
      db()
        .update(checkoutSessions)
        .set({ status: "complete", completedAt, orderId: order.id, channel: order.channel, buyerId })
        .where(and(eq(checkoutSessions.id, row.id), eq(checkoutSessions.status, "open"))),
    );
    if (done.affectedRows === 1) return { ...row, status: "complete", completedAt, orderId: order.id, channel: order.channel, buyerId };
    const [current] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, row.id)).limit(1);
    return current ?? row;
  }
  if (row.expiresAt.getTime() <= Date.now()) {
    await retryOnDeadlock(() =>
      db()
        .update(checkoutSessions)
        .set({ status: "expired" })
        .where(and(eq(checkoutSessions.id, row.id), eq(checkoutSessions.status, "open"))),
    );
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
