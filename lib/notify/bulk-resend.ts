import { and, asc, eq, gte, inArray, isNull, or } from "drizzle-orm";
import type { Queue } from "bullmq";
import { db, retryOnDeadlock } from "../db/client";
import { events, webhookDeliveries, webhookEndpoints } from "../db/schema";
import type { Owner } from "../owner";
import { laneOf, notifyQueueName, queue } from "../queue";
import { deliveryJob, type NotifyJob } from "../queue/notify-jobs";
import { logger } from "../log";
import { BULK_RESEND_MAX } from "../events/schemas";


export type BulkResendResult = { object: "event_resend"; status: "failed"; since: string; requeued: number; hasMore: boolean };

/**
 * POST /api/v1/events/resend: every failed delivery of the owner's events created since `since` is
 * made pending and due now, and handed to the worker, which sends it by the usual path (one attempt,
 * recorded as automatic; a delivery whose schedule was exhausted is failed again if that attempt
 * fails too). Bounded: at most `limit` (≤ 1000) deliveries per call, oldest first. Idempotent while it
 * runs: the move failed → pending is a compare-and-set, so a second call made before those
 * deliveries were attempted finds them pending, not failed, and does not send them twice. A
 * delivery to a disabled or deleted endpoint stays failed (enable the endpoint first).
 */
export async function bulkResend(
  owner: Owner,
  input: { since: Date; limit?: number },
  q: Queue<NotifyJob> = queue<NotifyJob>(notifyQueueName(laneOf(owner.livemode))),
): Promise<BulkResendResult> {
  const limit = Math.min(input.limit ?? BULK_RESEND_MAX, BULK_RESEND_MAX);
  const now = new Date();
  const candidates = await db()
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(
        eq(webhookDeliveries.merchantId, owner.merchantId),
        eq(webhookDeliveries.status, "failed"),
        gte(webhookDeliveries.createdAt, input.since),
        eq(events.livemode, owner.livemode),
        or(isNull(webhookDeliveries.endpointId), eq(webhookEndpoints.disabled, false)),
      ),
    )
    .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id))
    .limit(limit + 1);
  const ids = candidates.slice(0, limit).map((c) => c.id);
  let mine: string[] = [];
  if (ids.length > 0) {
    // The compare-and-set: of two calls at once, each delivery is moved by one of them only. A
    // locking read sees the latest committed state and waits for the other call's transaction, so
    // the second call finds the rows already pending and leaves them. (Matching on the update's
    // timestamp instead took every row for each of two calls made in the same millisecond.)
    mine = await retryOnDeadlock(() => db().transaction(async (tx) => {
      const still = (
        await tx
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, "failed")))
          .for("update")
      ).map((r) => r.id);
      if (still.length > 0) {
        await tx.update(webhookDeliveries).set({ status: "pending", nextAttemptAt: now, updatedAt: now }).where(inArray(webhookDeliveries.id, still));
      }
      return still;
    }));
  }
  const requeued = { ids: mine, hasMore: candidates.length > limit };
  if (requeued.ids.length > 0) {
    // After commit. If Redis refuses, the rows are pending and due: the relay wakes them shortly.
    await q.addBulk(requeued.ids.map((id) => deliveryJob(id, `b${now.getTime()}`))).catch((error: unknown) => {
      logger().warn({ err: error, count: requeued.ids.length }, "bulk resend not enqueued; the relay will send it");
    });
  }
  return { object: "event_resend", status: "failed", since: input.since.toISOString(), requeued: requeued.ids.length, hasMore: requeued.hasMore };
}

