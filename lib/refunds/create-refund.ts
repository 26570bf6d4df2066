import { and, eq, sql } from "drizzle-orm";
import { db } from "../db/client";
import { orders, refunds } from "../db/schema";
import { ApiError } from "../api/errors";
import { newId } from "../ids";
import { getOwnedOrThrow, type Owner } from "../owner";
import { orderView, type OrderRow } from "../orders/view";
import type { CreateRefundInput } from "./schemas";
import { syncRefund } from "./sync-refund";
import { versionsInUseChanged } from "../channel-accounts/channel-accounts";
import { refundView, type RefundRow, type RefundView } from "./view";

/** How long a refund request waits for the order's previous refund call (Alipay's 3 s gap) before answering pending. */
const WAIT_FOR_CHANNEL_MS = 4_000;

const notPaid = (order: OrderRow) =>
  new ApiError("conflict", "order_not_paid", `Order ${order.id} is ${order.status}; only a paid order can be refunded.`, { extra: { order: orderView(order) } });

const exceeds = (refundableFen: number) =>
  new ApiError("invalid_request", "refund_exceeds_amount", `That is more than what is still refundable on this order (${refundableFen} fen).`, {
    status: 422,
    param: "amount",
    extra: { refundable: refundableFen },
  });

/**
 * Refunds (part of) a paid order. The amount is reserved in the database transaction that records
 * the refund: the order row is locked and its refund_reserved_fen raised by compare-and-set, never
 * past amount_fen, so twenty concurrent requests can never refund more than was paid. The channel
 * is called after commit (never inside a transaction); its answer settles the refund, or it stays
 * pending for a read, a notification or the sweep.
 */
export async function createRefund(owner: Owner, input: CreateRefundInput): Promise<RefundView> {
  const order = await getOwnedOrThrow(orders, owner, input.orderId, "order", "orderId");
  if (order.status !== "paid") throw notPaid(order);
  const refund = await db().transaction(async (tx) => {
    const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
    if (!locked || locked.status !== "paid") throw notPaid(locked ?? order);
    const refundable = locked.amountFen - locked.refundReservedFen;
    const amountFen = input.amount ?? refundable;
    if (refundable <= 0 || amountFen > refundable) throw exceeds(Math.max(0, refundable));
    const [reserved] = await tx
      .update(orders)
      .set({ refundReservedFen: sql`${orders.refundReservedFen} + ${amountFen}` })
      .where(and(eq(orders.id, order.id), eq(orders.status, "paid"), sql`${orders.refundReservedFen} + ${amountFen} <= ${orders.amountFen}`));
    if (reserved.affectedRows !== 1) throw exceeds(Math.max(0, refundable));
    const row: RefundRow = {
      id: newId("re"),
      merchantId: order.merchantId,
      livemode: order.livemode,
      orderId: order.id,
      amountFen,
      currency: order.currency,
      reason: input.reason ?? null,
      status: "pending",
      channelRefundNo: null,
      failureCode: null,
      failureMessage: null,
      submittedAt: null,
      lastSyncedAt: null,
      createdAt: new Date(),
      succeededAt: null,
      failedAt: null,
    };
    await tx.insert(refunds).values(row);
    return row;
  });
  // A pending refund keeps its order's credential version trusted for callbacks (WeChat encrypts
  // REFUND.* with that version's key): this process's memoised answer may predate it.
  if (order.channelAccountId) versionsInUseChanged(order.channelAccountId);
  return refundView(await syncRefund(refund, { waitMs: WAIT_FOR_CHANNEL_MS, force: true }));
}
