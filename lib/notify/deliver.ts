import type { Logger } from "pino";
import { afterAttempt, logAttempt, sendAttempt } from "./attempt";
import { claim, laneOfLoaded, releaseLease, releaseSlotsOf, type ClaimKey } from "./claim";
import { recordAutomatic } from "./record";
import type { NotifyLane } from "../queue";

/**
 * The worker's side of notifications: claim what is due, send it, record the attempt, and say
 * when to try again. Where events and deliveries come from is the outbox's (lib/events).
 */

export type Retry = { deliveryId: string; lane: NotifyLane; attempt: number; at: Date };

async function deliverClaimed(key: ClaimKey, lane: NotifyLane, log: Logger): Promise<Retry[]> {
  const claimed = await claim(key, lane);
  const retries = await Promise.all(
    claimed.map(async (loaded): Promise<Retry | null> => {
      const outcome = await sendAttempt(loaded);
      // Nothing is in flight at the host any more: the slots go on to the merchant's (or host's)
      // next parked delivery now, while this attempt is being recorded.
      const slotsFreed = releaseSlotsOf(loaded).catch(() => {});
      const attemptsMade = loaded.delivery.attemptCount + 1;
      const next = afterAttempt(outcome.statusCode, attemptsMade, new Date());
      await recordAutomatic({ loaded, outcome, next });
      // The lease only once the outcome is committed: a duplicate job that gets it now reads the new state.
      await Promise.all([releaseLease(loaded.delivery.id).catch(() => {}), slotsFreed]);
      logAttempt(log, loaded, "automatic", attemptsMade, outcome, next);
      return next.status === "pending" && next.nextAttemptAt
        ? { deliveryId: loaded.delivery.id, lane: laneOfLoaded(loaded), attempt: attemptsMade + 1, at: next.nextAttemptAt }
        : null;
    }),
  );
  return retries.filter((r): r is Retry => r !== null);
}

/** Every due delivery of an event: the web's after-commit job and the relay's event jobs land here. */
export const deliverEvent = (eventId: string, lane: NotifyLane, log: Logger) => deliverClaimed({ eventId }, lane, log);

/** One due delivery (a scheduled retry, a woken parked one, the relay's wake-up); nothing when it is not due. */
export const deliverDue = (deliveryId: string, lane: NotifyLane, log: Logger) => deliverClaimed({ deliveryId }, lane, log);
