import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { webhookAttempts, webhookDeliveries } from "../db/schema";
import { attemptRow, isSuccess, settledBy, type AttemptOutcome, type Loaded, type Next } from "./attempt";
import { microBatch } from "../micro-batch";
import { commitInOneTrip, insertStatement, type Statement } from "../db/one-trip";
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
 * A delivery's new state after an automatic attempt, for the ids given: still guarded by status =
 * pending, so a resend that succeeded meanwhile is not overwritten; attempt_count + 1 is per row.
 */
function settleStatement(ids: string[], status: Next["status"], lastAttemptAt: Date, nextAttemptAt: Date | null): Statement {
  const at = (d: Date | null) => (d === null ? null : webhookDeliveries.lastAttemptAt.mapToDriverValue(d));
  return {
    sql:
      "update `webhook_deliveries` set `status` = ?, `attempt_count` = `attempt_count` + 1, `last_attempt_at` = ?, `next_attempt_at` = ?, `updated_at` = ? " +
      "where `id` in (?) and `status` = 'pending'",
    values: [status, at(lastAttemptAt), at(nextAttemptAt), at(new Date()), ids],
  };
}

/**
 * Records many automatic attempts in one transaction sent as one query (lib/db/one-trip.ts; issue
 * 16: four round trips per batch before): the attempt rows, then each delivery's new state.
 * Deliveries settling the same way share one UPDATE.
 */
export const recordAutomatic = microBatch<Recorded, void>(async (items) => {
  const statements: Statement[] = items.map((i) => insertStatement(webhookAttempts, attemptRow(i.loaded, i.outcome, "automatic")));
  const settled = new Map<Next["status"], Recorded[]>();
  for (const i of items) {
    if (i.next.nextAttemptAt) statements.push(settleStatement([i.loaded.delivery.id], i.next.status, i.outcome.at, i.next.nextAttemptAt));
    else settled.set(i.next.status, [...(settled.get(i.next.status) ?? []), i]);
  }
  for (const [status, group] of settled) {
    const lastAttemptAt = new Date(Math.max(...group.map((g) => g.outcome.at.getTime())));
    statements.push(settleStatement(group.map((g) => g.loaded.delivery.id), status, lastAttemptAt, null));
  }
  // One retry: a deadlock with a concurrent resend rolled the whole batch back, and it runs again.
  await commitInOneTrip(statements).catch(() => commitInOneTrip(statements));
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
