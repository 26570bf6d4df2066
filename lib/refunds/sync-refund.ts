import { and, eq } from "drizzle-orm";
import { db } from "../db/client";
import { refunds } from "../db/schema";
import { logger } from "../log";
import { redis } from "../redis";
import { acquireLocks, newLockToken, releaseLocks } from "../redis-lock";
import { ChannelError, providerOf, type ChannelId, type PaymentChannel, type RefundResult } from "../channels";
import { callbackUrl, loadChannelAccountForOrder } from "../channel-accounts/channel-accounts";
import { channelFor } from "../orders/channel-for";
import { logged } from "../orders/channel-log";
import { getOrderById } from "../orders/get-orders";
import type { OrderRow } from "../orders/view";
import { markRefundFailed, markRefundSucceeded } from "./transitions";
import { getRefundById } from "./get-refunds";
import type { RefundRow } from "./view";

/** A pending refund is asked about at most this often, however many readers poll it. */
export const REFUND_SYNC_INTERVAL_MS = 3_000;
/** Alipay wants at least 3 s between two refunds of one trade (docs/payment-protocols.md E.1). */
export const ALIPAY_REFUND_GAP_MS = 3_000;
/** Held while one refund call of an order runs: outlasts the channel call and its follow-up query (10 s each). */
const LOCK_TTL_MS = 30_000;

const lockKey = (orderId: string) => `refund:order:${orderId}`;
const KEEP_FOR_IF_OURS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

async function acquire(key: string, token: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if ((await acquireLocks([key], token, LOCK_TTL_MS)).length === 1) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Settles a pending refund with the channel: asks about one that was sent, and sends one that never
 * reached the channel (or that the channel does not know). The id is the channel's request number,
 * so sending again can never refund twice. Sends for one order are serialised by a Redis lock, kept
 * after an Alipay refund call for the 3 s Alipay asks for between refunds of one trade; `waitMs` is
 * how long to wait for it. A refund that cannot be settled now stays pending for a later read, a
 * notification or the sweep. A channel failure never fails the caller.
 */
export async function syncRefund(refund: RefundRow, opts: { waitMs?: number; force?: boolean } = {}): Promise<RefundRow> {
  if (refund.status !== "pending") return refund;
  if (!opts.force && refund.lastSyncedAt && Date.now() - refund.lastSyncedAt.getTime() < REFUND_SYNC_INTERVAL_MS) return refund;
  const order = await getOrderById(refund.orderId);
  // The credentials the order was paid with: the trade belongs to that app, whatever was configured since.
  const account = order ? await loadChannelAccountForOrder(order) : null;
  if (!order || !account) return refund;
  const channel = channelFor(order.channel as ChannelId, account);
  try {
    if (refund.submittedAt !== null) {
      // A query needs no lock: it changes nothing at the channel.
      const result = await logged(order.id, "refund_query", () => channel.queryRefund({ outTradeNo: order.id, outRefundNo: refund.id }), (r) => r.status);
      // Not at the channel (never received, or for Alipay not succeeded yet): the same request again, below.
      if (result.status !== "not_found") return await applyRefundResult(refund, result);
    }
    return await sendRefund(order, refund, channel, callbackUrl(account), opts.waitMs ?? 0);
  } catch (error) {
    if (!(error instanceof ChannelError)) throw error;
    logger().warn({ refundId: refund.id, orderId: order.id, code: error.code }, "refund call failed; the refund stays pending");
    await db().update(refunds).set({ lastSyncedAt: new Date() }).where(eq(refunds.id, refund.id));
    return (await getRefundById(refund.id)) ?? refund;
  }
}

/** Sends the refund request holding the order's refund lock; the refund as it is when the lock is busy. */
async function sendRefund(order: OrderRow, refund: RefundRow, channel: PaymentChannel, notifyUrl: string, waitMs: number): Promise<RefundRow> {
  const key = lockKey(order.id);
  const token = newLockToken();
  if (!(await acquire(key, token, waitMs).catch(() => false))) return refund;
  let holdMs = 0;
  try {
    const current = await getRefundById(refund.id);
    if (!current || current.status !== "pending") return current ?? refund;
    if (providerOf(order.channel as ChannelId) === "alipay") holdMs = ALIPAY_REFUND_GAP_MS;
    const result = await logged(order.id, "refund", () => channel.refund(refundInput(order, current, notifyUrl)), (r) => r.status);
    return await applyRefundResult(current, result);
  } finally {
    // Alipay: keep the lock for the gap (it expires by itself); otherwise let the next caller in now.
    const release = holdMs > 0 ? redis().eval(KEEP_FOR_IF_OURS, 1, key, token, String(holdMs)) : releaseLocks([key], token);
    await Promise.resolve(release).catch(() => {});
  }
}

function refundInput(order: OrderRow, refund: RefundRow, notifyUrl: string): Parameters<PaymentChannel["refund"]>[0] {
  return { outTradeNo: order.id, outRefundNo: refund.id, refundFen: refund.amountFen, totalFen: order.amountFen, reason: refund.reason ?? undefined, notifyUrl };
}

/** Records what the channel said about a refund. A success for another amount is never taken. */
export async function applyRefundResult(refund: RefundRow, result: RefundResult): Promise<RefundRow> {
  const now = new Date();
  await db()
    .update(refunds)
    .set({ lastSyncedAt: now, submittedAt: refund.submittedAt ?? now, ...(result.channelRefundNo ? { channelRefundNo: result.channelRefundNo } : {}) })
    .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending")));
  if (result.status === "succeeded") {
    if (result.amountFen !== undefined && result.amountFen !== refund.amountFen) {
      logger().error({ refundId: refund.id, expected: refund.amountFen, reported: result.amountFen }, "channel reports a refund of another amount");
      return (await getRefundById(refund.id)) ?? refund;
    }
    return (await markRefundSucceeded(refund.id, { channelRefundNo: result.channelRefundNo, succeededAt: result.succeededAt })).refund;
  }
  if (result.status === "failed") {
    return (await markRefundFailed(refund.id, result.failure ?? { code: "refund_failed", message: "The channel refused the refund." })).refund;
  }
  return (await getRefundById(refund.id)) ?? refund;
}
