import type { Logger } from "pino";
import { db } from "../db/client";
import { ApiError } from "../api/errors";
import type { Owner } from "../owner";
import { getEventOrThrow, getEventRowOrThrow, type EventWithDeliveries } from "../events/get-events";
import { deliveryTargets, ensureDelivery } from "../events/targets";
import { logAttempt, sendAttempt } from "./attempt";
import { loadForAttempts } from "./claim";
import { recordResend } from "./record";

/**
 * POST /api/v1/events/{id}/resend: one attempt now to each place the event goes today (so a
 * merchant who fixed or added a notify URL or endpoint can replay an old event to it), recorded with trigger
 * "resend". It runs in the request, so the caller sees the attempt in the answer. The attempt
 * settles a delivery by the same rule as an automatic one (a pending automatic retry then finds
 * nothing to do); any other answer leaves the automatic schedule as it was.
 */
export async function resendEvent(owner: Owner, eventId: string, log: Logger): Promise<EventWithDeliveries> {
  const event = await getEventRowOrThrow(owner, eventId);
  const targets = await deliveryTargets(db(), event);
  if (targets.length === 0) {
    throw new ApiError(
      "conflict",
      "no_notify_url",
      `Nowhere to send this event: its goods has no notify URL for ${event.type} events and no enabled webhook endpoint subscribes to them.`,
    );
  }
  const deliveryIds = await Promise.all(targets.map((target) => ensureDelivery(db(), { eventId, merchantId: event.merchantId, target })));
  const loaded = await loadForAttempts(deliveryIds);
  if (loaded.length !== deliveryIds.length) throw new Error(`a delivery of ${eventId} vanished`);
  await Promise.all(
    loaded.map(async (l) => {
      const outcome = await sendAttempt(l);
      logAttempt(log, l, "resend", null, outcome, await recordResend(l, outcome));
    }),
  );
  return getEventOrThrow(owner, eventId);
}
