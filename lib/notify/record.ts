import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "../db/client";
import { webhookAttempts, webhookDeliveries } from "../db/schema";
import { attemptRow, isSuccess, settledBy, type AttemptOutcome, type Loaded, type Next } from "./attempt";
import { microBatch } from "../micro-batch";
import { logger } from "../log";
import { noteEndpointOutcomes } from "../webhook-endpoints/endpoints";

/**
 * Feeds endpoint deliveries' outcomes to the endpoints' failure clocks (five days of failures
 * disable one). After the attempts are committed and never failing the recording: a missed note is
 * caught up by the next attempt to the same endpoint.
 */
async function noteEndpoints(items: { loaded: Loaded; outcome: AttemptOutcome }[]): Promise<void> {
  const outcomes = items.flatMap((i) =>
    i.loaded.delivery.endpointId ? [{ endpointId: i.loaded.delivery.endpointId, success: isSuccess(i.outcome.statusCode), at: i.outcome.at }] : [],
  );
  try {
    const disabled = await noteEndpointOutcomes(outcomes);
    if (disabled.length > 0) logger().warn({ endpointIds: disabled }, "webhook endpoints disabled after five days of failed deliveries");
  } catch (error) {
    logger().warn({ err: error }, "endpoint failure clocks not updated; the next attempt updates them");
  }
}

export type Recorded = { loaded: Loaded; outcome: AttemptOutcome; next: Next };

/**
 * Records many automatic attempts in one transaction: the attempt rows, then each delivery's new
 * state, still guarded by status = pending so a resend that succeeded meanwhile is not overwritten.
 * Deliveries settling the same way share one UPDATE (attempt_count + 1 is per row).
 */
export const recordAutomatic = microBatch<Recorded, void>(async (items) => {
  const write = () =>
    db().transaction(async (tx) => {
      await tx.insert(webhookAttempts).values(items.map((i) => attemptRow(i.loaded, i.outcome, "automatic")));
      const settled = new Map<string, Recorded[]>();
      for (const i of items) {
        if (i.next.nextAttemptAt) {
          await tx
            .update(webhookDeliveries)
            .set({ status: i.next.status, attemptCount: sql`${webhookDeliveries.attemptCount} + 1`, lastAttemptAt: i.outcome.at, nextAttemptAt: i.next.nextAttemptAt, updatedAt: new Date() })
            .where(and(eq(webhookDeliveries.id, i.loaded.delivery.id), eq(webhookDeliveries.status, "pending")));
        } else {
          settled.set(i.next.status, [...(settled.get(i.next.status) ?? []), i]);
        }
      }
      for (const [status, group] of settled) {
        const lastAttemptAt = new Date(Math.max(...group.map((g) => g.outcome.at.getTime())));
        await tx
          .update(webhookDeliveries)
          .set({ status: status as Next["status"], attemptCount: sql`${webhookDeliveries.attemptCount} + 1`, lastAttemptAt, nextAttemptAt: null, updatedAt: new Date() })
          .where(and(inArray(webhookDeliveries.id, group.map((g) => g.loaded.delivery.id)), eq(webhookDeliveries.status, "pending")));
      }
    });
  // One retry: a deadlock with a concurrent resend is resolved by running the batch again.
  await write().catch(() => write());
  await noteEndpoints(items);
  return items.map(() => undefined);
});

/**
 * Records a resend: the attempt, and the delivery settled by the same rule as an automatic attempt
 * (2xx → succeeded, 410 → stopped). Any other answer leaves the automatic schedule as it was: a
 * resend neither spends nor resets it. Answers the delivery's state afterwards.
 */
export async function recordResend(loaded: Loaded, outcome: AttemptOutcome): Promise<Next> {
  const settled = settledBy(outcome.statusCode);
  await db().transaction(async (tx) => {
    await tx.insert(webhookAttempts).values(attemptRow(loaded, outcome, "resend"));
    await tx
      .update(webhookDeliveries)
      .set({ lastAttemptAt: outcome.at, updatedAt: new Date(), ...(settled ? { status: settled, nextAttemptAt: null } : {}) })
      .where(eq(webhookDeliveries.id, loaded.delivery.id));
  });
  await noteEndpoints([{ loaded, outcome }]);
  return settled ? { status: settled, nextAttemptAt: null } : { status: loaded.delivery.status, nextAttemptAt: loaded.delivery.nextAttemptAt };
}
