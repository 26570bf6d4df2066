import { and, eq, isNull } from "drizzle-orm";
import { db, retryOnDeadlock, type DbOrTx, type Tx } from "../db/client";
import { updateStatement, type Statement } from "../db/one-trip";
import { checkoutSessions, orders } from "../db/schema";
import { commitWithEventsIfApplied, withEvents } from "../events/outbox";
import { recordTargets } from "../events/targets";
import { orderView, type OrderRow } from "./view";
import { countOrderPaid } from "../metrics/metrics";
import { adoptLinkPayer } from "../payment-links/payer";

export type PaidFacts = {
  channelTradeNo: string | null;
  paidAt: Date;
  /** Who paid, where the channel says (Alipay buyer id, WeChat openid): a payment link's order takes it as its buyerId. */
  payerId?: string | null;
};

export type TransitionOutcome = "applied" | "paid_after_close" | "already" | "conflict";

export type TransitionResult = { outcome: TransitionOutcome; order: OrderRow };

/**
 * What the caller writes in the transition's own transaction, whatever the outcome: an inbound
 * callback's record of itself (lib/orders/handle-callback.ts), so the transition and the evidence
 * for it commit together, in one durable commit (issue 16).
 */
export type AlsoInTransaction = (tx: Tx, result: TransitionResult) => Promise<unknown>;

async function reload(tx: DbOrTx, id: string): Promise<OrderRow> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).limit(1);
  if (!row) throw new Error(`order ${id} vanished`);
  return row;
}

/** What the paid transition changes on the order row (both markOrderPaid and markPendingOrderPaid). */
const paidChanges = (facts: PaidFacts) => ({ status: "paid" as const, paidAt: facts.paidAt, channelTradeNo: facts.channelTradeNo, failureCode: null, failureMessage: null });

/**
 * A checkout session is paid once: the first of its orders to become paid claims the session by
 * compare-and-set on `paid_order_id`, in the transaction of the order's transition. An order that
 * loses (the buyer paid a second order of the session, through an old pay URL or a second QR code)
 * stays paid — the money was taken — and is flagged `duplicatePayment` for the merchant to refund.
 */
async function claimSession(tx: DbOrTx, order: OrderRow): Promise<OrderRow> {
  if (!order.checkoutSessionId) return order;
  const [claimed] = await tx
    .update(checkoutSessions)
    .set({ paidOrderId: order.id })
    .where(and(eq(checkoutSessions.id, order.checkoutSessionId), isNull(checkoutSessions.paidOrderId)));
  if (claimed.affectedRows === 1) return order;
  // A locking read: the winner may have committed after this transaction's snapshot was taken.
  const [session] = await tx
    .select({ paidOrderId: checkoutSessions.paidOrderId })
    .from(checkoutSessions)
    .where(eq(checkoutSessions.id, order.checkoutSessionId))
    .limit(1)
    .for("update");
  // No such session (never expected) or this very order (a repeat of its own transition): nothing to flag.
  if (!session?.paidOrderId || session.paidOrderId === order.id) return order;
  await tx.update(orders).set({ duplicatePayment: true }).where(eq(orders.id, order.id));
  return { ...order, duplicatePayment: true };
}

/**
 * The channel proved the buyer paid. pending → paid by compare-and-set, with `order.paid` in the
 * same transaction, so 20 concurrent callbacks and queries produce one transition and one event.
 * A closed order still becomes paid (paidAfterClose): money the channel took is never ignored.
 * An order of a checkout session also claims the session (claimSession), so the event already says
 * whether it was a duplicate payment.
 */
export async function markOrderPaid(orderId: string, facts: PaidFacts, alsoInTransaction?: AlsoInTransaction): Promise<TransitionResult> {
  // It locks the order and its checkout session; a concurrent session refresh or a second paid
  // order of the same session may make it a deadlock victim: rolled back whole, it runs again.
  const result = await retryOnDeadlock(() => withEvents(async (tx, record) => {
    const set = paidChanges(facts);
    const [fromPending] = await tx.update(orders).set(set).where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
    let outcome: TransitionOutcome;
    if (fromPending.affectedRows === 1) outcome = "applied";
    else {
      const [fromClosed] = await tx
        .update(orders)
        .set({ ...set, paidAfterClose: true })
        .where(and(eq(orders.id, orderId), eq(orders.status, "closed")));
      outcome = fromClosed.affectedRows === 1 ? "paid_after_close" : "already";
    }
    let order = await reload(tx, orderId);
    // Before the event is recorded, so order.paid names the payer of a payment link's order. Only an
    // order of a checkout session can be a link's (one statement less for every other order).
    if (facts.payerId && order.checkoutSessionId && (await adoptLinkPayer(tx, orderId, facts.payerId))) order = await reload(tx, orderId);
    if (outcome !== "already") {
      order = await claimSession(tx, order);
      await record({ merchantId: order.merchantId, livemode: order.livemode, type: "order.paid", orderId, data: { order: orderView(order) } });
    }
    await alsoInTransaction?.(tx, { outcome, order });
    return { outcome, order };
  }));
  // Counted once committed, in the process that learnt it (a callback or read: web; a sweep: worker).
  if (result.outcome !== "already") countOrderPaid(result.order, result.outcome === "paid_after_close");
  return result;
}

/**
 * markOrderPaid in one round trip (issue 16), for the common case of a paid callback: an order the
 * caller has just read as pending, of no checkout session (so no session to claim and no payment
 * link's payer to adopt). The compare-and-set, `order.paid` with its deliveries and the caller's
 * `also` (the callback's own record) go as one multi-statement transaction, every insert written
 * only if the compare-and-set won (lib/db/one-trip.ts). `order.paid` shows the order as read plus
 * the transition's changes: while an order is pending nothing else its view shows changes.
 *
 * Returns null when the order was no longer pending (a concurrent callback or query paid it, a
 * sweep closed it): then nothing was written, and the caller runs markOrderPaid, which settles
 * those cases (already paid, paid after close).
 */
export async function markPendingOrderPaid(order: OrderRow, facts: PaidFacts, also: (result: TransitionResult) => Statement[] = () => []): Promise<TransitionResult | null> {
  if (order.status !== "pending" || order.checkoutSessionId) return null;
  const set = paidChanges(facts);
  const paid: OrderRow = { ...order, ...set };
  const event = { merchantId: paid.merchantId, livemode: paid.livemode, type: "order.paid" as const, orderId: paid.id, data: { order: orderView(paid) } };
  const targets = await recordTargets(db(), event);
  const result: TransitionResult = { outcome: "applied", order: paid };
  const cas = updateStatement(orders, set, { id: order.id, status: "pending" });
  // A deadlock victim was rolled back whole (commitInOneTrip) and runs again, as markOrderPaid does.
  const applied = await retryOnDeadlock(() => commitWithEventsIfApplied(cas, [{ event, targets }], also(result)));
  if (!applied) return null;
  countOrderPaid(paid, false);
  return result;
}

/** pending → closed by compare-and-set, with `order.closed`; a paid order stays paid ("conflict"). */
export async function markOrderClosed(orderId: string, failure?: { code: string; message: string }, alsoInTransaction?: AlsoInTransaction): Promise<TransitionResult> {
  return withEvents(async (tx, record) => {
    const [result] = await tx
      .update(orders)
      .set({ status: "closed", closedAt: new Date(), ...(failure ? { failureCode: failure.code, failureMessage: failure.message.slice(0, 512) } : {}) })
      .where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
    const order = await reload(tx, orderId);
    let outcome: TransitionOutcome;
    if (result.affectedRows === 1) {
      await record({ merchantId: order.merchantId, livemode: order.livemode, type: "order.closed", orderId, data: { order: orderView(order) } });
      outcome = "applied";
    } else outcome = order.status === "closed" ? "already" : "conflict";
    await alsoInTransaction?.(tx, { outcome, order });
    return { outcome, order };
  });
}
