import type { JobsOptions } from "bullmq";

/**
 * The jobs of the notify queue, added by the outbox (lib/events: after commit, and by its relay)
 * and by the worker (scheduled retries). Jobs carry ids only: the worker re-reads everything else.
 */
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
