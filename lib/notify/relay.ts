import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Queue } from "bullmq";
import { db } from "../db/client";
import { events, webhookDeliveries } from "../db/schema";
import { deliveryJob, eventJob, markEnqueued } from "./jobs";
import { relayTimings } from "./schedule";

const BATCH = 500;

/**
 * The outbox relay, run by the worker on a timer. Two kinds of rows are late:
 * - events the web committed but never handed to BullMQ (it died between commit and enqueue, or
 *   Redis was down): they get their event job now;
 * - deliveries due for a while that nobody is working on (a killed worker's claim ran out, a job
 *   BullMQ gave up on, a Redis that lost its data): they get a delivery job.
 * Re-adding is always safe: job ids collapse duplicates and the delivery claim is compare-and-set.
 */
export async function relayOnce(q: Queue): Promise<{ events: number; deliveries: number }> {
  const now = Date.now();
  const t = relayTimings();
  const orphaned = await db()
    .select({ id: events.id })
    .from(events)
    .where(and(isNull(events.enqueuedAt), lt(events.createdAt, new Date(now - t.unenqueuedGraceMs))))
    .orderBy(asc(events.createdAt))
    .limit(BATCH);
  if (orphaned.length > 0) {
    const ids = orphaned.map((e) => e.id);
    await q.addBulk(ids.map(eventJob));
    await markEnqueued(ids);
  }
  const overdue = await db()
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.nextAttemptAt, new Date(now - t.overdueGraceMs))))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(BATCH);
  if (overdue.length > 0) {
    const ids = overdue.map((d) => d.id);
    // Restart their clock: a delivery that is merely waiting in a long queue is not re-added again
    // until another grace period has passed. The condition leaves alone any row a worker claimed
    // since the select (its next_attempt_at is now a lease in the future).
    await db()
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now) })
      .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.nextAttemptAt, new Date(now - t.overdueGraceMs))));
    await q.addBulk(ids.map((id) => deliveryJob(id, `r${now}`)));
  }
  return { events: orphaned.length, deliveries: overdue.length };
}
