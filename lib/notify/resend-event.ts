import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { db } from "../db/client";
import { webhookAttempts, webhookDeliveries } from "../db/schema";
import { ApiError } from "../api/errors";
import type { Owner } from "../owner";
import { getEventOrThrow, getEventRowOrThrow, type EventWithDeliveries } from "../events/get-events";
import { attemptRow, ensureDelivery, isSuccess, loadForAttempts, logAttempt, notifyUrlFor, sendAttempt } from "./deliveries";

/**
 * POST /api/v1/events/{id}/resend: one attempt now, to where the goods sends this event type today
 * (so a merchant who fixed or added a notify URL can replay an old event to it), recorded with
 * trigger "resend". It runs in the request, so the caller sees the attempt in the answer.
 * A 2xx settles the delivery (a pending automatic retry then finds nothing to do); 410 stops it;
 * any other answer leaves the automatic schedule as it was: a resend neither spends nor resets it.
 */
export async function resendEvent(owner: Owner, eventId: string, log: Logger): Promise<EventWithDeliveries> {
  const event = await getEventRowOrThrow(owner, eventId);
  const url = await notifyUrlFor(db(), event.type, event.orderId);
  if (!url) {
    throw new ApiError("conflict", "no_notify_url", `The goods of this event has no notify URL for ${event.type} events, so there is nowhere to send it.`);
  }
  const deliveryId = await ensureDelivery(db(), { eventId, merchantId: event.merchantId, url });
  const [loaded] = await loadForAttempts([deliveryId]);
  if (!loaded) throw new Error(`delivery ${deliveryId} vanished`);
  const outcome = await sendAttempt(loaded);
  const settled = isSuccess(outcome.statusCode) ? "succeeded" : outcome.statusCode === 410 ? "stopped" : null;
  await db().transaction(async (tx) => {
    await tx.insert(webhookAttempts).values(attemptRow(loaded, outcome, "resend"));
    await tx
      .update(webhookDeliveries)
      .set({ lastAttemptAt: outcome.at, updatedAt: new Date(), ...(settled ? { status: settled, nextAttemptAt: null } : {}) })
      .where(eq(webhookDeliveries.id, deliveryId));
  });
  logAttempt(log, loaded, "resend", null, outcome, { status: settled ?? loaded.delivery.status, nextAttemptAt: settled ? null : loaded.delivery.nextAttemptAt });
  return getEventOrThrow(owner, eventId);
}
