import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Queue } from "bullmq";
import { db } from "../db/client";
import { events, webhookDeliveries } from "../db/schema";
import { config } from "../config";
import { deliveryJob, eventJob } from "../queue/notify-jobs";
import { markEnqueued } from "./outbox";
import { laneOf, type NotifyLane } from "../queue";


const BATCH = 500;

/**
 * The relay's rhythm. It is the safety net, not the fast path (the web enqueues right after commit,
 * the worker schedules its own retries), so it looks rarely and only at rows that are clearly late.
 */
export function relayTimings(): { intervalMs: number; unenqueuedGraceMs: number; overdueGraceMs: number } {
  const scale = config().TIME_SCALE;
  return {
    intervalMs: Math.max(100, Math.round(2_000 / scale)),
    // An event the web has not handed over after this long was probably orphaned (the web died or Redis was down).
    unenqueuedGraceMs: Math.round(2_000 / scale),
    // A due delivery untouched for this long probably lost its job (a killed worker, a flushed
    // Redis); at worst it is only queued behind a backlog and gets one redundant wake-up. At least
    // 1 s even in tests, so a test's backlog of a few seconds does not multiply into thousands.
    overdueGraceMs: Math.max(1_000, Math.round(30_000 / scale)),
  };
}

/**
 * The outbox relay, run by the worker on a timer. Two kinds of rows are late:
 * - events the web committed but never handed to BullMQ (it died between commit and enqueue, or
 *   Redis was down): they get their event job now;
 * - deliveries due for a while that nobody is working on (a killed worker's claim ran out, a job
 *   BullMQ gave up on, a Redis that lost its data): they get a delivery job.
 * Re-adding is always safe: job ids collapse duplicates and the delivery claim is compare-and-set.
 * Each goes to its lane's queue (live or test). A delivery parked for a slot (`parkedAmong`, from
 * lib/notify/slots.ts: the outbox does not import the sender) is late by design: it gets no job
 * here, only its clock restarted; its wait list wakes it.
 */
export async function relayOnce(
  queues: Record<NotifyLane, Queue>,
  parkedAmong: (lane: NotifyLane, ids: string[]) => Promise<Set<string>> = async () => new Set(),
): Promise<{ events: number; deliveries: number }> {
  const now = Date.now();
  const t = relayTimings();
  const orphaned = await db()
    .select({ id: events.id, livemode: events.livemode })
    .from(events)
    .where(and(isNull(events.enqueuedAt), lt(events.createdAt, new Date(now - t.unenqueuedGraceMs))))
    .orderBy(asc(events.createdAt))
    .limit(BATCH);
  if (orphaned.length > 0) {
    for (const lane of LANES) {
      const ids = orphaned.filter((e) => laneOf(e.livemode) === lane).map((e) => e.id);
      if (ids.length > 0) await queues[lane].addBulk(ids.map(eventJob));
    }
    await markEnqueued(orphaned.map((e) => e.id));
  }
  const overdue = await db()
    .select({ id: webhookDeliveries.id, livemode: events.livemode })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.nextAttemptAt, new Date(now - t.overdueGraceMs))))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(BATCH);
  let readded = 0;
  if (overdue.length > 0) {
    const ids = overdue.map((d) => d.id);
    // Restart their clock: a delivery that is merely waiting in a long queue (or parked for a slot)
    // is not looked at again until another grace period has passed, so a long wait list never
    // hides the deliveries behind it. The condition leaves alone any row a worker claimed since.
    await db()
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now) })
      .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.nextAttemptAt, new Date(now - t.overdueGraceMs))));
    for (const lane of LANES) {
      const mine = overdue.filter((d) => laneOf(d.livemode) === lane).map((d) => d.id);
      const parked = await parkedAmong(lane, mine);
      const lost = mine.filter((id) => !parked.has(id));
      if (lost.length > 0) await queues[lane].addBulk(lost.map((id) => deliveryJob(id, `r${now}`)));
      readded += lost.length;
    }
  }
  return { events: orphaned.length, deliveries: readded };
}

const LANES = ["live", "test"] as const;
