import { and, asc, eq, lte, or, isNull, lt } from "drizzle-orm";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { logger } from "../log";
import { closeOrder } from "./close-order";
import { syncOrder } from "./sync-order";

const BATCH = 100;
/** A pending order this old without a callback is asked about: a missed callback is found, not waited for. */
export const RECONCILE_AFTER_MS = 2 * 60_000;
const RECONCILE_EVERY_MS = 60_000;

/**
 * Closes orders past expiresAt: ask the channel first (the buyer may have paid at the last second),
 * then close at the channel, then here. One order's failure does not stop the others.
 */
export async function expireDueOrders(now = new Date()): Promise<{ closed: number; paid: number; failed: number }> {
  const due = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.status, "pending"), lte(orders.expiresAt, now)))
    .orderBy(asc(orders.expiresAt))
    .limit(BATCH);
  const tally = { closed: 0, paid: 0, failed: 0 };
  for (const order of due) {
    try {
      const synced = await syncOrder(order, { force: true });
      if (synced.status === "paid") tally.paid++;
      else if (synced.status === "pending") {
        const { outcome } = await closeOrder(synced);
        tally[outcome === "closed" ? "closed" : "paid"]++;
      } else tally.closed++;
    } catch (error) {
      tally.failed++;
      logger().warn({ err: error, orderId: order.id }, "could not expire order");
    }
  }
  return tally;
}

/** Asks the channel about pending orders older than RECONCILE_AFTER_MS not asked about recently. */
export async function reconcilePendingOrders(now = new Date()): Promise<{ checked: number; paid: number }> {
  const stale = await db()
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.status, "pending"),
        lte(orders.createdAt, new Date(now.getTime() - RECONCILE_AFTER_MS)),
        or(isNull(orders.lastSyncedAt), lt(orders.lastSyncedAt, new Date(now.getTime() - RECONCILE_EVERY_MS))),
      ),
    )
    .orderBy(asc(orders.createdAt))
    .limit(BATCH);
  let paid = 0;
  for (const order of stale) {
    try {
      if ((await syncOrder(order, { force: true })).status === "paid") paid++;
    } catch (error) {
      logger().warn({ err: error, orderId: order.id }, "reconciliation query failed");
    }
  }
  return { checked: stale.length, paid };
}
