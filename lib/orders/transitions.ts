import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { orders } from "../db/schema";
import { withEvents } from "../events/outbox";
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

async function reload(tx: DbOrTx, id: string): Promise<OrderRow> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).limit(1);
  if (!row) throw new Error(`order ${id} vanished`);
  return row;
}

/**
 * The channel proved the buyer paid. pending → paid by compare-and-set, with `order.paid` in the
 * same transaction, so 20 concurrent callbacks and queries produce one transition and one event.
 * A closed order still becomes paid (paidAfterClose): money the channel took is never ignored.
 */
export async function markOrderPaid(orderId: string, facts: PaidFacts): Promise<{ outcome: TransitionOutcome; order: OrderRow }> {
  const result = await withEvents(async (tx, record) => {
    const set = { status: "paid" as const, paidAt: facts.paidAt, channelTradeNo: facts.channelTradeNo, failureCode: null, failureMessage: null };
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
    // Before the event is recorded, so order.paid names the payer of a payment link's order.
    if (facts.payerId) await adoptLinkPayer(tx, orderId, facts.payerId);
    const order = await reload(tx, orderId);
    if (outcome !== "already") {
      await record({ merchantId: order.merchantId, livemode: order.livemode, type: "order.paid", orderId, data: { order: orderView(order) } });
    }
    return { outcome, order };
  });
  // Counted once committed, in the process that learnt it (a callback or read: web; a sweep: worker).
  if (result.outcome !== "already") countOrderPaid(result.order, result.outcome === "paid_after_close");
  return result;
}

/** pending → closed by compare-and-set, with `order.closed`; a paid order stays paid ("conflict"). */
export async function markOrderClosed(
  orderId: string,
  failure?: { code: string; message: string },
): Promise<{ outcome: TransitionOutcome; order: OrderRow }> {
  return withEvents(async (tx, record) => {
    const [result] = await tx
      .update(orders)
      .set({ status: "closed", closedAt: new Date(), ...(failure ? { failureCode: failure.code, failureMessage: failure.message.slice(0, 512) } : {}) })
      .where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
    const order = await reload(tx, orderId);
    if (result.affectedRows === 1) {
      await record({ merchantId: order.merchantId, livemode: order.livemode, type: "order.closed", orderId, data: { order: orderView(order) } });
      return { outcome: "applied" as const, order };
    }
    return { outcome: order.status === "closed" ? ("already" as const) : ("conflict" as const), order };
  });
}
