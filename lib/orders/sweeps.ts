import { and, asc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { MySqlColumn } from "drizzle-orm/mysql-core";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { config } from "../config";
import { logger } from "../log";
import { mapBounded } from "../parallel";
import { closeOrder } from "./close-order";
import { syncOrder } from "./sync-order";
import type { OrderRow } from "./view";

/** At most this many orders per sweep run… */
export const SWEEP_BATCH = 100;
/** …of which at most this many belong to one merchant: one merchant's backlog cannot fill a run. */
export const SWEEP_PER_MERCHANT = 10;
/** Channel calls of a run in flight at once. */
export const SWEEP_CONCURRENCY = 8;
/** A pending order this old without a callback is asked about: a missed callback is found, not waited for. */
export const RECONCILE_AFTER_MS = 2 * 60_000;
const RECONCILE_EVERY_MS = 60_000;

/** Back-off after the n-th channel failure in a row: 1 min, 2 min, 4 min, … up to 1 h, ±10 %. */
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 3600_000;
const JITTER = 0.1;

/** How long the sweeps leave an order alone after its `failures`-th channel failure in a row (divided by TIME_SCALE). */
export function sweepBackoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_CAP_MS);
  return Math.max(1, Math.round((base * (1 - JITTER + 2 * JITTER * random())) / config().TIME_SCALE));
}

/** Not in back-off: never failed, or its next attempt is due. */
const attemptDue = (now: Date): SQL => or(isNull(orders.nextAttemptAt), lte(orders.nextAttemptAt, now))!;

/**
 * The run's orders, shared fairly: each merchant's due orders ranked by `key` (oldest first), then
 * taken round-robin (every merchant's first, then every merchant's second, …) up to
 * SWEEP_PER_MERCHANT each and SWEEP_BATCH in all.
 */
async function fairBatch(where: SQL, key: MySqlColumn): Promise<OrderRow[]> {
  const ranked = db()
    .select({
      id: orders.id,
      sortKey: sql<Date>`${key}`.as("sort_key"),
      rank: sql<number>`ROW_NUMBER() OVER (PARTITION BY ${orders.merchantId} ORDER BY ${key}, ${orders.id})`.as("merchant_rank"),
    })
    .from(orders)
    .where(where)
    .as("ranked");
  const picked = await db()
    .select({ id: ranked.id })
    .from(ranked)
    .where(lte(ranked.rank, SWEEP_PER_MERCHANT))
    .orderBy(asc(ranked.rank), asc(ranked.sortKey))
    .limit(SWEEP_BATCH);
  if (picked.length === 0) return [];
  const rows = await db().select().from(orders).where(inArray(orders.id, picked.map((p) => p.id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return picked.map((p) => byId.get(p.id)).filter((r): r is OrderRow => r !== undefined);
}

/** The channel failed for this order (or we could not reach it): leave it alone for a while, longer each time. */
async function backOff(order: OrderRow, error: unknown, what: string): Promise<void> {
  const failures = order.sweepFailures + 1;
  const nextAttemptAt = new Date(Date.now() + sweepBackoffMs(failures));
  logger().warn({ err: error, orderId: order.id, merchantId: order.merchantId, failures, nextAttemptAt }, what);
  await db()
    .update(orders)
    .set({ sweepFailures: failures, nextAttemptAt })
    .where(and(eq(orders.id, order.id), eq(orders.status, "pending")));
}

/** The channel answered: no more back-off. */
async function clearBackOff(order: OrderRow): Promise<void> {
  if (order.sweepFailures === 0 && order.nextAttemptAt === null) return;
  await db().update(orders).set({ sweepFailures: 0, nextAttemptAt: null }).where(eq(orders.id, order.id));
}

/**
 * Closes orders past expiresAt: ask the channel first (the buyer may have paid at the last second),
 * then close at the channel, then here. A failure backs that order off and does not stop the others.
 */
export async function expireDueOrders(now = new Date()): Promise<{ closed: number; paid: number; failed: number }> {
  const due = await fairBatch(and(eq(orders.status, "pending"), lte(orders.expiresAt, now), attemptDue(now))!, orders.expiresAt);
  const outcomes = await mapBounded(due, SWEEP_CONCURRENCY, async (order): Promise<"closed" | "paid" | "failed"> => {
    try {
      // strict: if the channel cannot be asked, the order is not closed blind; it waits for its next attempt.
      const synced = await syncOrder(order, { force: true, strict: true });
      let outcome: "closed" | "paid";
      if (synced.status === "paid") outcome = "paid";
      else if (synced.status === "pending") outcome = (await closeOrder(synced)).outcome === "closed" ? "closed" : "paid";
      else outcome = "closed";
      await clearBackOff(order);
      return outcome;
    } catch (error) {
      await backOff(order, error, "could not expire order").catch(() => {});
      return "failed";
    }
  });
  const tally = { closed: 0, paid: 0, failed: 0 };
  for (const o of outcomes) tally[o]++;
  return tally;
}

/** Asks the channel about pending orders older than RECONCILE_AFTER_MS not asked about recently. */
export async function reconcilePendingOrders(now = new Date()): Promise<{ checked: number; paid: number; failed: number }> {
  const stale = await fairBatch(
    and(
      eq(orders.status, "pending"),
      lte(orders.createdAt, new Date(now.getTime() - RECONCILE_AFTER_MS)),
      or(isNull(orders.lastSyncedAt), lt(orders.lastSyncedAt, new Date(now.getTime() - RECONCILE_EVERY_MS))),
      attemptDue(now),
    )!,
    orders.createdAt,
  );
  const outcomes = await mapBounded(stale, SWEEP_CONCURRENCY, async (order): Promise<"paid" | "pending" | "failed"> => {
    try {
      const synced = await syncOrder(order, { force: true, strict: true });
      await clearBackOff(order);
      return synced.status === "paid" ? "paid" : "pending";
    } catch (error) {
      await backOff(order, error, "reconciliation query failed").catch(() => {});
      return "failed";
    }
  });
  return { checked: stale.length, paid: outcomes.filter((o) => o === "paid").length, failed: outcomes.filter((o) => o === "failed").length };
}
