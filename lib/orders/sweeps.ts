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

/** Orders per batch, taken round-robin across merchants. */
export const SWEEP_BATCH = 100;
/** A run takes batch after batch while they come full, up to this many (a backlog clears in one run, yet a run ends). */
export const SWEEP_MAX_BATCHES = 5;
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
 * A batch shared fairly: each merchant's due orders ranked by `key` (oldest first), then taken
 * round-robin (every merchant's first, then every merchant's second, …) up to SWEEP_BATCH. A
 * merchant with thousands of due orders fills only what the others leave; one with a few gets all
 * of them into the first batch.
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
    .where(lte(ranked.rank, SWEEP_BATCH))
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
  const tally = { closed: 0, paid: 0, failed: 0 };
  // Every order of a batch leaves the due set (closed, paid, or backing off), so the next batch is new orders.
  for (let i = 0; i < SWEEP_MAX_BATCHES; i++) {
    const due = await fairBatch(and(eq(orders.status, "pending"), lte(orders.expiresAt, now), attemptDue(new Date()))!, orders.expiresAt);
    for (const o of await expireBatch(due)) tally[o]++;
    if (due.length < SWEEP_BATCH) break;
  }
  return tally;
}

async function expireBatch(due: OrderRow[]): Promise<("closed" | "paid" | "failed")[]> {
  return mapBounded(due, SWEEP_CONCURRENCY, async (order): Promise<"closed" | "paid" | "failed"> => {
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
}

/** Asks the channel about pending orders older than RECONCILE_AFTER_MS not asked about recently. */
export async function reconcilePendingOrders(now = new Date()): Promise<{ checked: number; paid: number; failed: number }> {
  const result = { checked: 0, paid: 0, failed: 0 };
  // Every order of a batch leaves the due set (synced just now, or backing off).
  for (let i = 0; i < SWEEP_MAX_BATCHES; i++) {
    const stale = await fairBatch(
      and(
        eq(orders.status, "pending"),
        lte(orders.createdAt, new Date(now.getTime() - RECONCILE_AFTER_MS)),
        or(isNull(orders.lastSyncedAt), lt(orders.lastSyncedAt, new Date(now.getTime() - RECONCILE_EVERY_MS))),
        attemptDue(new Date()),
      )!,
      orders.createdAt,
    );
    const outcomes = await reconcileBatch(stale);
    result.checked += stale.length;
    result.paid += outcomes.filter((o) => o === "paid").length;
    result.failed += outcomes.filter((o) => o === "failed").length;
    if (stale.length < SWEEP_BATCH) break;
  }
  return result;
}

async function reconcileBatch(stale: OrderRow[]): Promise<("paid" | "pending" | "failed")[]> {
  return mapBounded(stale, SWEEP_CONCURRENCY, async (order): Promise<"paid" | "pending" | "failed"> => {
    try {
      const synced = await syncOrder(order, { force: true, strict: true });
      await clearBackOff(order);
      return synced.status === "paid" ? "paid" : "pending";
    } catch (error) {
      await backOff(order, error, "reconciliation query failed").catch(() => {});
      return "failed";
    }
  });
}
