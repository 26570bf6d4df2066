import { inArray } from "drizzle-orm";
import type { JobsOptions, Queue } from "bullmq";
import { db } from "../db/client";
import { events } from "../db/schema";
import { logger } from "../log";
import { queue, QUEUES } from "../queue";

/** Jobs carry ids only: the worker re-reads everything else (lib/notify/deliveries.ts). */
export type NotifyJob = { kind: "event"; eventId: string } | { kind: "delivery"; deliveryId: string };

const common: JobsOptions = {
  // A job that throws (the database unreachable) is retried a few times here; past that, the
  // delivery row is still pending in the database and the relay re-adds it. The row is the truth.
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

/** The job id is the event id, so the web's enqueue and the relay's collapse into one job. */
export function eventJob(eventId: string) {
  return { name: "event", data: { kind: "event", eventId } as NotifyJob, opts: { ...common, jobId: eventId } };
}

/**
 * A wake-up for one delivery. `key` makes the job id: the worker's scheduled retry uses the attempt
 * number ("a3"), so scheduling it twice adds one job; the relay uses the instant it restarted the
 * delivery's clock ("r…"), so an earlier job of that delivery stuck in BullMQ's failed set (an id
 * there blocks re-adds) does not block the relay's.
 */
export function deliveryJob(deliveryId: string, key: string, delayMs = 0) {
  return {
    name: "delivery",
    data: { kind: "delivery", deliveryId } as NotifyJob,
    opts: { ...common, jobId: `${deliveryId}-${key}`, delay: Math.max(0, Math.round(delayMs)) },
  };
}

/** Past this the web stops waiting for Redis: the relay will hand the event over instead. */
const ENQUEUE_TIMEOUT_MS = 1_000;

/**
 * Called by the web after the transaction that recorded these events has committed. It never
 * throws and never waits long: the events are already safe in the outbox, and one that does not
 * reach BullMQ here (Redis down, the process dying right now) is picked up by the worker's relay.
 */
export async function enqueueEvents(eventIds: string[], q: Queue = queue(QUEUES.notify)): Promise<void> {
  if (eventIds.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    const added = q.addBulk(eventIds.map(eventJob));
    added.catch(() => {}); // may settle after the timeout below; its outcome no longer matters
    await Promise.race([
      added,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not accept the job within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
    await markEnqueued(eventIds);
  } catch (error) {
    logger().warn({ err: error, eventIds }, "events not enqueued after commit; the relay will deliver them");
  } finally {
    clearTimeout(timer);
  }
}

export async function markEnqueued(eventIds: string[]): Promise<void> {
  if (eventIds.length > 0) await db().update(events).set({ enqueuedAt: new Date() }).where(inArray(events.id, eventIds));
}
