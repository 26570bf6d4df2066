import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { acquireLocks, newLockToken } from "../redis-lock";
import { logger } from "../log";
import { ChannelError, type ChannelId, type QueryPaymentResult } from "../channels";
import { loadChannelAccountForOrder } from "../channel-accounts/channel-accounts";
import { channelFor } from "./channel-for";
import { logged } from "./channel-log";
import { markOrderClosed, markOrderPaid } from "./transitions";
import { getOrderById } from "./get-orders";
import type { OrderRow } from "./view";

/** A pending order is asked about at most this often per order, however many readers poll it. */
export const SYNC_INTERVAL_MS = 3_000;

const inFlight = new Map<string, Promise<OrderRow>>();

/**
 * Asks the channel for the truth about a pending order and records what it says: paid → paid
 * (or paidAfterClose), closed at the channel → closed. Concurrent readers in this process share
 * one call; across processes a short Redis lock keeps it to one call per interval (`force` may
 * pass it, never an `untrusted` trigger). A channel
 * failure is recorded and the order returned as it is: a read never fails because the channel did.
 * `strict` (the sweeps) throws the ChannelError instead, so the caller can back off.
 */
export type SyncOptions = {
  /** Ask even if the order is closed or was asked about within the interval (sweeps, close). */
  force?: boolean;
  /**
   * The trigger is a claim anyone can make (an unverified callback names the order): ask only if
   * this caller takes the throttle lock, even with `force`, and not at all without Redis, so forged
   * callbacks cannot make us hammer the channel.
   */
  untrusted?: boolean;
  /** The sweeps: a channel failure is thrown, not swallowed, so the caller can back off. */
  strict?: boolean;
};

export async function syncOrder(order: OrderRow, opts: SyncOptions = {}): Promise<OrderRow> {
  if (order.status === "paid" || (order.status === "closed" && !opts.force)) return order;
  if (!opts.force && order.lastSyncedAt && Date.now() - order.lastSyncedAt.getTime() < SYNC_INTERVAL_MS) return order;
  const shared = inFlight.get(order.id) ?? startSync(order, opts);
  if (opts.strict) return shared;
  return shared.catch((error: unknown) => {
    if (error instanceof ChannelError) return order;
    throw error;
  });
}

function startSync(order: OrderRow, opts: SyncOptions): Promise<OrderRow> {
  const run = (async () => {
    try {
      // Held for the interval, never released: it is a throttle. Without Redis, asking the channel
      // is still correct, only less economical.
      const key = `sync:${order.id}`;
      const held = await acquireLocks([key], newLockToken(), SYNC_INTERVAL_MS).catch(() => (opts.untrusted ? [] : [key]));
      if (held.length === 0 && (!opts.force || opts.untrusted)) return order;
      return await queryAndApply(order);
    } finally {
      inFlight.delete(order.id);
    }
  })();
  inFlight.set(order.id, run);
  // Every caller attaches its own handler; this one only keeps an unawaited rejection from being "unhandled".
  run.catch(() => {});
  return run;
}

async function queryAndApply(order: OrderRow): Promise<OrderRow> {
  // The credentials the order was made with: a replaced key still answers for its own orders.
  const account = await loadChannelAccountForOrder(order);
  if (!account) return order;
  let result: QueryPaymentResult;
  try {
    result = await logged(order.id, "query", () => channelFor(order.channel as ChannelId, account).queryPayment(order.id), (r) => r.status);
  } catch (error) {
    if (!(error instanceof ChannelError)) throw error;
    logger().warn({ orderId: order.id, code: error.code }, "channel query failed");
    await db().update(orders).set({ lastSyncedAt: new Date() }).where(eq(orders.id, order.id));
    throw error;
  }
  return applyChannelStatus(order, result);
}

/** Records what the channel said; an amount that differs from the order's is never taken as paid. */
export async function applyChannelStatus(order: OrderRow, result: QueryPaymentResult): Promise<OrderRow> {
  await db().update(orders).set({ lastSyncedAt: new Date() }).where(eq(orders.id, order.id));
  if (result.status === "paid") {
    // A "paid" without a readable amount is no proof either: only the exact amount marks it paid.
    if (result.amountFen !== order.amountFen) {
      logger().error({ orderId: order.id, expected: order.amountFen, reported: result.amountFen }, "channel reports a paid amount that differs from the order");
      return (await getOrderById(order.id)) ?? order;
    }
    return (await markOrderPaid(order.id, { channelTradeNo: result.channelTradeNo ?? null, paidAt: result.paidAt ?? new Date(), payerId: result.payerId })).order;
  }
  if (result.status === "closed" && order.status === "pending") return (await markOrderClosed(order.id)).order;
  return (await getOrderById(order.id)) ?? order;
}
