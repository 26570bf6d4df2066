import { and, eq, sql } from "drizzle-orm";
import { db, isDuplicateKey } from "../db/client";
import { orders, refunds } from "../db/schema";
import { ApiError } from "../api/errors";
import { idempotencyKeyReused, type DurableIdempotency } from "../api/idempotency";
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
export async function createRefund(
  owner: Owner,
  input: CreateRefundInput,
  /** The request's Idempotency-Key, stored with the refund: a retry after a crash gets this refund, not a second one. */
  idempotency: DurableIdempotency | null = null,
): Promise<RefundView> {
  // Looked up before the order is checked: the first request changed what is refundable (a full
  // refund leaves nothing), so its retry would otherwise be refused instead of answered.
  if (idempotency) {
    const prior = await refundUnder(idempotency);
    if (prior) return refundCreatedUnder(prior, idempotency);
  }
  let refund: RefundRow;
  try {
    refund = await reserve(owner, input, idempotency);
  } catch (error) {
    // A concurrent request under the key (its in-progress lock lapsed) committed first: this one
    // failed on the unique key, or on the amount that one reserved. Either way, its refund is the answer.
    if (idempotency && (isDuplicateKey(error) || error instanceof ApiError)) {
      const winner = await refundUnder(idempotency);
      if (winner) return refundCreatedUnder(winner, idempotency);
    }
    throw error;
  }
  return refundView(await syncRefund(refund, { waitMs: WAIT_FOR_CHANNEL_MS, force: true }));
}

async function refundUnder(idempotency: DurableIdempotency): Promise<RefundRow | null> {
  const [row] = await db().select().from(refunds).where(eq(refunds.idempotencyKey, idempotency.key)).limit(1);
  return row ?? null;
}

/**
 * A retry under an Idempotency-Key whose refund exists although Redis has no answer for it (the
 * process that made it died before recording one, and the in-progress lock lapsed): that refund as
 * it is now; a different request under the key is refused as Redis would. A refund still pending is
 * settled as the first request would have: one that never reached the channel (the process died
 * between the commit and the call) is sent now, under its own id as the channel's request number,
 * so the channel refunds it once however often it is sent (the sweep sends it the same way).
 */
async function refundCreatedUnder(existing: RefundRow, idempotency: DurableIdempotency): Promise<RefundView> {
  if (existing.idempotencyFingerprint !== idempotency.fingerprint) throw idempotencyKeyReused();
  return refundView(await syncRefund(existing, { waitMs: WAIT_FOR_CHANNEL_MS, force: true }));
}

/** The amount reserved on the locked order row and the refund recorded, in one transaction. */
async function reserve(owner: Owner, input: CreateRefundInput, idempotency: DurableIdempotency | null): Promise<RefundRow> {
  const order = await getOwnedOrThrow(orders, owner, input.orderId, "order", "orderId");
  if (order.status !== "paid") throw notPaid(order);
  const created = await db().transaction(async (tx) => {
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
      idempotencyKey: idempotency?.key ?? null,
      idempotencyFingerprint: idempotency?.fingerprint ?? null,
    };
    await tx.insert(refunds).values(row);
    return row;
  });
  // A pending refund keeps its order's credential version trusted for callbacks (WeChat encrypts
  // REFUND.* with that version's key): this process's memoised answer may predate it.
  if (order.channelAccountId) versionsInUseChanged(order.channelAccountId);
  return created;
}
