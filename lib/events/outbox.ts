import { inArray } from "drizzle-orm";
import { db, type DbOrTx, type Tx } from "../db/client";
import { events } from "../db/schema";
import { newId } from "../ids";
import { logger } from "../log";
import { laneOf, notifyQueueName, queue } from "../queue";
import { eventJob } from "../queue/notify-jobs";
import type { EVENT_TYPES } from "./schemas";
import { ensureDelivery, recordTargets, targetHash, type Target } from "./targets";
import { commitInOneTrip, insertStatement, rememberApplied, type Condition, type Statement } from "../db/one-trip";
import { webhookDeliveries } from "../db/schema";
import { microBatch } from "../micro-batch";

/**
 * The outbox. A state change and the events describing it commit in one transaction, together
 * with a delivery row for every place each event must go; only after commit is the event handed
 * to BullMQ. Nothing between the change and its notification can be lost: an event the web never
 * handed over (it died, Redis was down) is picked up by the relay (./relay.ts), and a delivery
 * that is due is the worker's to send (lib/notify).
 */

export type EventType = (typeof EVENT_TYPES)[number];

export type NewEvent = { merchantId: string; livemode: boolean; type: EventType; orderId: string | null; data: Record<string, unknown> };

/**
 * Writes an event and its deliveries inside the caller's transaction; returns its id. Prefer
 * `withEvents`, which also hands the events over after commit; a caller of this alone must pass
 * the id to `enqueueEvents` once committed (or leave it to the relay).
 */
export async function recordEvent(tx: DbOrTx, e: NewEvent): Promise<string> {
  const id = newId("evt");
  const now = new Date();
  await tx.insert(events).values({ id, ...e, createdAt: now, enqueuedAt: null });
  for (const target of await recordTargets(tx, e)) await ensureDelivery(tx, { eventId: id, merchantId: e.merchantId, target, now });
  return id;
}

export type RecordEvent = (e: NewEvent) => Promise<string>;

/**
 * Runs `fn` in a transaction in which `record` writes events, and hands every event recorded to
 * the queue once the transaction has committed (never inside it: a rolled-back change must not be
 * announced, and an enqueue must not hold the transaction open).
 */
export async function withEvents<T>(fn: (tx: Tx, record: RecordEvent) => Promise<T>): Promise<T> {
  const recorded: EventRef[] = [];
  const result = await db().transaction((tx) =>
    fn(tx, async (e) => {
      const id = await recordEvent(tx, e);
      recorded.push({ id, livemode: e.livemode });
      return id;
    }),
  );
  await enqueueEvents(recorded); // after commit; never throws
  return result;
}

/** An event to record with the statements of a one-trip transaction, and where it goes (`cachedDeliveryTargets`). */
export type EventWithTargets = { event: NewEvent; targets: Target[] };

/**
 * The rows of one event and its deliveries, as statements for `commitInOneTrip`. An event with no
 * target is born handed over (`enqueuedAt` set): there is nothing for the worker to send, so it
 * gets no job and the relay has nothing to pick up.
 */
function eventStatements({ event, targets }: EventWithTargets, now: Date, onlyIf?: Condition): { ref: EventRef | null; statements: Statement[] } {
  const id = newId("evt");
  const statements = [insertStatement(events, { id, ...event, createdAt: now, enqueuedAt: targets.length === 0 ? now : null }, { onlyIf })];
  for (const target of targets) {
    statements.push(
      insertStatement(
        webhookDeliveries,
        { id: newId("dlv"), eventId: id, merchantId: event.merchantId, url: target.url, endpointId: target.endpointId, urlHash: targetHash(target), status: "pending", attemptCount: 0, nextAttemptAt: now, createdAt: now, updatedAt: now },
        // As ensureDelivery: one delivery per (event, target).
        { ignore: true, onlyIf },
      ),
    );
  }
  return { ref: targets.length === 0 ? null : { id, livemode: event.livemode }, statements };
}

/**
 * The outbox in one round trip (lib/db/one-trip.ts): `statements` (the state change) and the rows of
 * each event and its deliveries commit in one transaction sent as one query; then the events with
 * somewhere to go are handed to BullMQ, as `withEvents` does. For hot paths whose writes are plain
 * inserts and whose targets are known without reading in the transaction (a prepay).
 */
export async function commitWithEvents(statements: Statement[], recorded: EventWithTargets[]): Promise<void> {
  const rows = eventsStatements(recorded);
  await commitInOneTrip([...statements, ...rows.statements]);
  await enqueueEvents(rows.refs);
}

/** The rows of every event and its deliveries (`eventStatements`), and the events to hand over once committed. */
function eventsStatements(recorded: EventWithTargets[], onlyIf?: Condition): { refs: EventRef[]; statements: Statement[] } {
  const now = new Date();
  const refs: EventRef[] = [];
  const statements: Statement[] = [];
  for (const e of recorded) {
    const one = eventStatements(e, now, onlyIf);
    statements.push(...one.statements);
    if (one.ref) refs.push(one.ref);
  }
  return { refs, statements };
}

/**
 * A compare-and-set and what follows from it, in one round trip: `cas` (an UPDATE of one row), then
 * the rows of each event with their deliveries and the caller's `also` statements, each written only
 * if `cas` changed exactly one row (`onlyIf: "applied"`). Commits either way (when `cas` lost,
 * nothing was written), hands the events over when it won, and says whether it won. For a hot
 * transition whose event is known before the transaction (a paid callback: markPendingOrderPaid).
 */
export async function commitWithEventsIfApplied(cas: Statement, recorded: EventWithTargets[], also: Statement[] = []): Promise<boolean> {
  const rows = eventsStatements(recorded, "applied");
  const [result] = await commitInOneTrip([cas, rememberApplied(), ...rows.statements, ...also]);
  if (result!.affectedRows !== 1) return false;
  await enqueueEvents(rows.refs);
  return true;
}

/**
 * Concurrent requests' events go to BullMQ in one addBulk per lane (one Redis round trip and one
 * script run for many jobs): the next batch leaves as soon as the previous one is answered, so a
 * lone request waits for nothing.
 */
const enqueueSoon = microBatch<EventRef, void>(async (refs) => {
  await Promise.all(
    (["live", "test"] as const).map((lane) => {
      const ids = refs.filter((r) => laneOf(r.livemode) === lane).map((r) => r.id);
      return ids.length > 0 ? queue(notifyQueueName(lane)).addBulk(ids.map(eventJob)) : null;
    }),
  );
  return refs.map(() => undefined);
});

/** Past this the web stops waiting for Redis: the relay will hand the event over instead. */
const ENQUEUE_TIMEOUT_MS = 1_000;

/** An event to hand over, with its mode: live and test events go to queues of their own. */
export type EventRef = { id: string; livemode: boolean };

/**
 * Hands committed events to BullMQ, each to its mode's queue (`notify` or `notify-test`). It never
 * throws and never waits long: the events are already safe in the outbox, and one that does not
 * reach BullMQ here (Redis down, the process dying right now) is picked up by the worker's relay.
 */
export async function enqueueEvents(refs: EventRef[]): Promise<void> {
  if (refs.length === 0) return;
  const eventIds = refs.map((r) => r.id);
  let timer: NodeJS.Timeout | undefined;
  try {
    const added = Promise.all(refs.map(enqueueSoon));
    added.catch(() => {}); // may settle after the timeout below; its outcome no longer matters
    await Promise.race([
      added,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not accept the job within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
    // enqueuedAt is written by the worker when it takes the job (worker/notify.ts), not here: one
    // durable commit less per request (issue 16). Until then the relay may re-add the event after
    // its grace period, which the job id collapses.
  } catch (error) {
    logger().warn({ err: error, eventIds }, "events not enqueued after commit; the relay will deliver them");
  } finally {
    clearTimeout(timer);
  }
}

export async function markEnqueued(eventIds: string[]): Promise<void> {
  if (eventIds.length > 0) await db().update(events).set({ enqueuedAt: new Date() }).where(inArray(events.id, eventIds));
}

