import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { orders, refunds } from "../db/schema";
import { withEvents } from "../events/outbox";
import { orderView } from "../orders/view";
import { refundView, type RefundRow } from "./view";

export type RefundOutcome = "applied" | "already" | "conflict";

async function reload(tx: DbOrTx, id: string): Promise<RefundRow> {
  const [row] = await tx.select().from(refunds).where(eq(refunds.id, id)).limit(1);
  if (!row) throw new Error(`refund ${id} vanished`);
  return row;
}

async function announce(tx: DbOrTx, record: Parameters<Parameters<typeof withEvents>[0]>[1], type: "refund.succeeded" | "refund.failed", refund: RefundRow) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, refund.orderId)).limit(1);
  if (!order) throw new Error(`order ${refund.orderId} vanished`);
  await record({ merchantId: refund.merchantId, livemode: refund.livemode, type, orderId: refund.orderId, data: { refund: refundView(refund), order: orderView(order) } });
}

/**
 * pending → succeeded by compare-and-set; the order's amountRefunded grows and `refund.succeeded`
 * is recorded in the same transaction, so a notification, a read and the sweep racing apply it once.
 */
export async function markRefundSucceeded(refundId: string, facts: { channelRefundNo?: string; succeededAt?: Date }): Promise<{ outcome: RefundOutcome; refund: RefundRow }> {
  return withEvents(async (tx, record) => {
    const [result] = await tx
      .update(refunds)
      .set({
        status: "succeeded",
        succeededAt: facts.succeededAt ?? new Date(),
        ...(facts.channelRefundNo ? { channelRefundNo: facts.channelRefundNo } : {}),
        failureCode: null,
        failureMessage: null,
        lastSyncedAt: new Date(),
      })
      .where(and(eq(refunds.id, refundId), eq(refunds.status, "pending")));
    const refund = await reload(tx, refundId);
    if (result.affectedRows !== 1) return { outcome: refund.status === "succeeded" ? ("already" as const) : ("conflict" as const), refund };
    await tx
      .update(orders)
      .set({ amountRefundedFen: sql`${orders.amountRefundedFen} + ${refund.amountFen}` })
      .where(eq(orders.id, refund.orderId));
    await announce(tx, record, "refund.succeeded", refund);
    return { outcome: "applied" as const, refund };
  });
}

/**
 * pending → failed by compare-and-set: the amount it held becomes refundable again and
 * `refund.failed` is recorded, in one transaction.
 */
export async function markRefundFailed(refundId: string, failure: { code: string; message: string }): Promise<{ outcome: RefundOutcome; refund: RefundRow }> {
  return withEvents(async (tx, record) => {
    const [result] = await tx
      .update(refunds)
      .set({ status: "failed", failedAt: new Date(), failureCode: failure.code.slice(0, 64), failureMessage: failure.message.slice(0, 512), lastSyncedAt: new Date() })
      .where(and(eq(refunds.id, refundId), eq(refunds.status, "pending")));
    const refund = await reload(tx, refundId);
    if (result.affectedRows !== 1) return { outcome: refund.status === "failed" ? ("already" as const) : ("conflict" as const), refund };
    await tx
      .update(orders)
      .set({ refundReservedFen: sql`${orders.refundReservedFen} - ${refund.amountFen}` })
      .where(eq(orders.id, refund.orderId));
    await announce(tx, record, "refund.failed", refund);
    return { outcome: "applied" as const, refund };
  });
}
