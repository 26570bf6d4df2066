import { config } from "../config";

/**
 * The retry schedule of docs/api.md: after the first attempt fails, retry after 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h; a failure after the last one marks the delivery failed.
 */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 10 * 3600_000] as const;

/** Any 2xx within this is success; past it the attempt counts as failed (docs/api.md). */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * How long a claimed delivery belongs to the worker that claimed it (lib/notify/claim.ts). It
 * outlasts the HTTP timeout plus the time to record the attempt, so no second worker can send the
 * same delivery while the first is still waiting for an answer. Real time, never divided by
 * TIME_SCALE: it guards a real network timeout. After a crash, the delivery is picked up again once
 * the lease runs out.
 */
export const CLAIM_LEASE_MS = DELIVERY_TIMEOUT_MS + 5_000;

/** BullMQ's job lock: longer than the lease, so BullMQ never hands a running job to a second worker. */
export const JOB_LOCK_MS = 30_000;

/**
 * ±10 % jitter: enough to spread the retries of many deliveries that failed together (a merchant's
 * outage) without making the first 5 s retry come noticeably early or late.
 */
const JITTER = 0.1;

/**
 * The delay before the next automatic attempt, given how many automatic attempts have been made
 * (including the one that just failed), or null when the schedule is exhausted.
 */
export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.max(1, Math.round(jittered / config().TIME_SCALE));
}
