import { and, eq, inArray, lte } from "drizzle-orm";
import { db } from "../db/client";
import { events, merchants, webhookDeliveries } from "../db/schema";
import { randomBase62 } from "../ids";
import { acquireLocks, releaseLocks } from "../redis-lock";
import { ensureWebhookSecret, signingSecrets } from "../merchants/webhook-secret";
import type { Loaded } from "./attempt";
import { CLAIM_LEASE_MS } from "./schedule";
import { microBatch } from "../micro-batch";
import { laneOf, notifyQueueName, queue, type NotifyLane } from "../queue";
import { deliveryJob, type NotifyJob } from "../queue/notify-jobs";
import { logger } from "../log";
import { releaseSlots, roundRobin, slotHost, takeSlots, type SlotItem } from "./slots";

/**
 * Everything an attempt needs, read fresh from the database every time: the event, the delivery's
 * current state and the merchant's current signing secrets. Jobs carry ids only, so a retry hours
 * later never sends what the job happened to hold when it was scheduled (and a rotation applies).
 */
export async function loadForAttempts(deliveryIds: string[]): Promise<Loaded[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await db()
    .select({ delivery: webhookDeliveries, event: events, merchant: merchants })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .innerJoin(merchants, eq(merchants.id, webhookDeliveries.merchantId))
    .where(inArray(webhookDeliveries.id, deliveryIds));
  const now = new Date();
  return Promise.all(
    rows.map(async (row) => ({
      delivery: row.delivery,
      event: row.event,
      // Each mode signs with its own secret; a merchant from before live secrets gets one on first use.
      secrets: signingSecrets(row.merchant, row.event.livemode, now) ?? [await ensureWebhookSecret(row.merchant.id, row.event.livemode)],
    })),
  );
}

/** What a job asks to be claimed: every due delivery of an event, or one delivery. */
export type ClaimKey = { eventId: string } | { deliveryId: string };

const leaseKey = (deliveryId: string) => `notify:lease:${deliveryId}`;
/** One token per worker process: its leases are its own to release. */
const leaseToken = `${process.pid}.${randomBase62(12)}`;

/** The slots an attempt of this delivery counts against (lib/notify/slots.ts). */
export const slotItem = (l: Loaded): SlotItem => ({ id: l.delivery.id, merchantId: l.delivery.merchantId, host: slotHost(l.delivery.url) });
export const laneOfLoaded = (l: Loaded): NotifyLane => laneOf(l.event.livemode);

/**
 * Claims the due deliveries of many events/deliveries at once. A claim is a lease in Redis (a lock
 * with an expiry longer than the HTTP timeout): whoever holds it owns the attempt, so a duplicate
 * job (the relay re-adding one, BullMQ re-running a stalled one, a second worker process) cannot
 * send the same attempt twice at once. Redis rather than a row update because a commit here is a
 * disk flush on the path from commit to receipt; the database is still the truth: the rows are read
 * again after the lease is taken, and only a delivery still pending and due is sent. A worker that
 * dies holding a lease loses it when it expires; the relay then finds the delivery overdue.
 *
 * Then the fair share: each due delivery also needs a slot of its merchant and of its destination
 * host (slots.ts), tried one merchant at a time in turn. One that gets none is parked (not failed,
 * no attempt counted) and its lease given back; it is handed a job when a slot frees.
 */
function claimer() {
  return microBatch<ClaimKey, Loaded[]>(async (keys) => {
    const eventIds = keys.flatMap((k) => ("eventId" in k ? [k.eventId] : []));
    const deliveryIds = keys.flatMap((k) => ("deliveryId" in k ? [k.deliveryId] : []));
    const dueNow = () => and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, new Date()));
    const candidates = eventIds.length
      ? (
          await db()
            .select({ id: webhookDeliveries.id })
            .from(webhookDeliveries)
            .where(and(inArray(webhookDeliveries.eventId, eventIds), dueNow()))
        ).map((r) => r.id)
      : [];
    const ids = [...new Set([...candidates, ...deliveryIds])];
    if (ids.length === 0) return keys.map(() => []);
    const heldKeys = new Set(await acquireLocks(ids.map(leaseKey), leaseToken, CLAIM_LEASE_MS));
    const leased = ids.filter((id) => heldKeys.has(leaseKey(id)));
    const now = new Date();
    const loaded = await loadForAttempts(leased);
    const due = loaded.filter((l) => l.delivery.status === "pending" && l.delivery.nextAttemptAt !== null && l.delivery.nextAttemptAt <= now);
    const notDue = loaded.filter((l) => !due.includes(l));
    // A delivery handed a slot while it waited, but sent or settled meanwhile: the slot goes on to the next waiter.
    const woken = await releaseSlotsByLane(notDue);
    const sent: Loaded[] = [];
    for (const lane of ["live", "test"] as const) {
      const mine = roundRobin(
        due.filter((l) => laneOfLoaded(l) === lane),
        (l) => l.delivery.merchantId,
      );
      const granted = await takeSlots(lane, mine.map(slotItem));
      sent.push(...mine.filter((l) => granted.has(l.delivery.id)));
    }
    const giveBack = leased.filter((id) => !sent.some((l) => l.delivery.id === id));
    if (giveBack.length > 0) await releaseLocks(giveBack.map(leaseKey), leaseToken);
    if (woken.length > 0) await queueWoken(woken);
    // One lease, one attempt: a delivery asked for by several keys of this batch (the web's event job
    // and the relay's, a delivery job beside its event's) goes to the first of them only.
    const handedOut = new Set<string>();
    return keys.map((k) => {
      const mine = sent.filter((l) => !handedOut.has(l.delivery.id) && ("eventId" in k ? l.event.id === k.eventId : l.delivery.id === k.deliveryId));
      for (const l of mine) handedOut.add(l.delivery.id);
      return mine;
    });
  });
}

/** A parked delivery handed a slot, to be given a job in its lane's queue. */
export type Woken = { lane: NotifyLane; deliveryId: string };

async function releaseSlotsByLane(items: Loaded[]): Promise<Woken[]> {
  const woken: Woken[] = [];
  for (const lane of ["live", "test"] as const) {
    const mine = items.filter((l) => laneOfLoaded(l) === lane);
    if (mine.length > 0) woken.push(...(await releaseSlots(lane, mine.map(slotItem))).map((deliveryId) => ({ lane, deliveryId })));
  }
  return woken;
}

/**
 * Queues a job for each woken delivery, in its lane. If Redis refuses, its reservation lapses and
 * the relay finds the delivery overdue (it is no longer parked): nothing is lost, only late.
 */
export async function queueWoken(woken: Woken[]): Promise<void> {
  const now = Date.now();
  for (const lane of ["live", "test"] as const) {
    const ids = woken.filter((w) => w.lane === lane).map((w) => w.deliveryId);
    if (ids.length === 0) continue;
    await queue<NotifyJob>(notifyQueueName(lane))
      .addBulk(ids.map((id) => deliveryJob(id, `w${now}`)))
      .catch((error: unknown) => logger().warn({ err: error, count: ids.length }, "woken deliveries not queued; the relay will send them"));
  }
}

/** One claim batch per lane: a test-mode flood fills its own batches, never the live lane's. */
const claimers = { live: claimer(), test: claimer() };
export const claim = (key: ClaimKey, lane: NotifyLane = "live"): Promise<Loaded[]> => claimers[lane](key);

/** Gives a lease back once its attempt is recorded (only our own: an expired one taken by another stays theirs). */
export const releaseLease = microBatch<string, void>(async (ids) => {
  await releaseLocks(ids.map(leaseKey), leaseToken);
  return ids.map(() => undefined);
});

/**
 * Frees an attempt's slots once the receiver has answered (or the attempt failed), handed on to
 * the first parked deliveries waiting for them (each gets a job). A slot counts a request in
 * flight at a merchant's host, not the recording that follows: held until the attempt was
 * committed, one merchant with one fast endpoint got NOTIFY_MAX_PER_HOST deliveries per recording
 * commit, and the rest waited parked (issue 16). The lease is the recording's to keep (releaseLease).
 */
export const releaseSlotsOf = microBatch<Loaded, void>(async (items) => {
  await queueWoken(await releaseSlotsByLane(items));
  return items.map(() => undefined);
});
