import { createHash } from "node:crypto";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { db, type DbOrTx } from "../db/client";
import { events, goods, merchants, orders, webhookAttempts, webhookDeliveries } from "../db/schema";
import { config } from "../config";
import { newId, randomBase62 } from "../ids";
import { redis } from "../redis";
import type { EventType } from "../events/events";
import { eventView, type DeliveryRow, type EventRow } from "../events/view";
import { ensureWebhookSecret, signingSecrets } from "../merchants/webhook-secret";
import { postWebhook, type SendResult } from "./send";
import { signatureHeader } from "./signature";
import { CLAIM_LEASE_MS, retryDelayMs } from "./schedule";
import { microBatch } from "./micro-batch";
import { observeWebhookAttempt } from "../metrics/metrics";

/**
 * Which goods URL receives which event type. order.closed has no URL of its own (goods have
 * notifyUrls.orderCreated and .orderPaid only), so it is recorded and listed by the API but sent
 * nowhere: routing it to the orderCreated URL would hand a handler written for "a new order" an
 * event it does not expect, and CONVENTIONS says a type without a URL is sent nowhere.
 */
const TARGET_COLUMN: Record<EventType, "notifyOrderCreatedUrl" | "notifyOrderPaidUrl" | null> = {
  "order.created": "notifyOrderCreatedUrl",
  "order.paid": "notifyOrderPaidUrl",
  "order.closed": null,
};

/** The URL the event's goods sends this type to now, or null. */
export async function notifyUrlFor(tx: DbOrTx, type: string, orderId: string | null): Promise<string | null> {
  const column = TARGET_COLUMN[type as EventType];
  if (!column || !orderId) return null;
  const [row] = await tx
    .select({ url: goods[column] })
    .from(orders)
    .innerJoin(goods, eq(goods.id, orders.goodsId))
    .where(eq(orders.id, orderId))
    .limit(1);
  return row?.url ?? null;
}

export const urlHash = (url: string) => createHash("sha256").update(url).digest("hex");

/**
 * Creates the delivery of an event to `url` (once: the (event, url) pair is unique) and returns its
 * id. Called in the event's own transaction (recordEvent), so the outbox row and "where it must go"
 * commit together and a delivery exists, due now, before anything could lose track of it.
 */
export async function ensureDelivery(
  tx: DbOrTx,
  e: { eventId: string; merchantId: string; url: string; now?: Date },
): Promise<string> {
  const now = e.now ?? new Date();
  const hash = urlHash(e.url);
  const id = newId("dlv");
  const [result] = await tx
    .insert(webhookDeliveries)
    .ignore()
    .values({ id, eventId: e.eventId, merchantId: e.merchantId, url: e.url, urlHash: hash, status: "pending", attemptCount: 0, nextAttemptAt: now, createdAt: now, updatedAt: now });
  if (result.affectedRows === 1) return id;
  const [existing] = await tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, e.eventId), eq(webhookDeliveries.urlHash, hash)));
  return existing!.id;
}

/** recordEvent's half of the outbox: the deliveries the event's goods asks for, written with the event. */
export async function createDeliveriesForEvent(
  tx: DbOrTx,
  e: { eventId: string; merchantId: string; type: string; orderId: string | null; now: Date },
): Promise<void> {
  const url = await notifyUrlFor(tx, e.type, e.orderId);
  if (url) await ensureDelivery(tx, { eventId: e.eventId, merchantId: e.merchantId, url, now: e.now });
}

export type Loaded = { delivery: DeliveryRow; event: EventRow; secrets: string[] };

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

export type AttemptOutcome = SendResult & { attemptId: string; at: Date };

/** Sends one signed attempt. Recording it is the caller's (batched for automatic attempts). */
export async function sendAttempt(loaded: Loaded): Promise<AttemptOutcome> {
  const { delivery, event, secrets } = loaded;
  const body = JSON.stringify(eventView(event));
  const at = new Date();
  const timestamp = Math.floor(at.getTime() / 1000);
  const result = await postWebhook(
    delivery.url,
    body,
    {
      "content-type": "application/json",
      "user-agent": "payrelay-webhooks/1",
      "webhook-id": event.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatureHeader(secrets, event.id, timestamp, body),
    },
    { allowPrivate: config().NOTIFY_ALLOW_PRIVATE_HOSTS },
  );
  return { ...result, attemptId: newId("att"), at };
}

/** The attempt row: time, status, latency, the first 1 KiB of the answer, the error. */
export function attemptRow(loaded: Loaded, outcome: AttemptOutcome, trigger: "automatic" | "resend") {
  return {
    id: outcome.attemptId,
    deliveryId: loaded.delivery.id,
    eventId: loaded.event.id,
    trigger,
    at: outcome.at,
    statusCode: outcome.statusCode,
    latencyMs: outcome.latencyMs,
    responseExcerpt: outcome.excerpt === null ? null : [...outcome.excerpt].slice(0, 1024).join(""),
    error: outcome.error?.slice(0, 512) ?? null,
  };
}

export const isSuccess = (statusCode: number | null) => statusCode !== null && statusCode >= 200 && statusCode < 300;

type Next = { status: DeliveryRow["status"]; nextAttemptAt: Date | null };

/** The delivery's state after an automatic attempt: done on 2xx, stopped on 410, else the schedule decides. */
export function afterAttempt(statusCode: number | null, attemptsMade: number, now: Date): Next {
  if (isSuccess(statusCode)) return { status: "succeeded", nextAttemptAt: null };
  // 410 Gone: the receiver says this URL will never want our events again.
  if (statusCode === 410) return { status: "stopped", nextAttemptAt: null };
  const delay = retryDelayMs(attemptsMade);
  return delay === null ? { status: "failed", nextAttemptAt: null } : { status: "pending", nextAttemptAt: new Date(now.getTime() + delay) };
}

export type Retry = { deliveryId: string; attempt: number; at: Date };

type ClaimKey = { eventId: string } | { deliveryId: string };

const leaseKey = (deliveryId: string) => `notify:lease:${deliveryId}`;
const leaseToken = `${process.pid}.${randomBase62(12)}`;

/**
 * Claims the due deliveries of many events/deliveries at once. A claim is a lease in Redis (SET NX
 * with an expiry longer than the HTTP timeout): whoever holds it owns the attempt, so a duplicate job
 * (the relay re-adding one, BullMQ re-running a stalled one, a second worker process) cannot send
 * the same attempt twice at once. Redis rather than a row update because a commit here is a disk
 * flush on the path from commit to receipt; the database is still the truth: the rows are read
 * again after the lease is taken, and only a delivery still pending and due is sent. A worker that
 * dies holding a lease loses it when it expires; the relay then finds the delivery overdue.
 */
const claim = microBatch<ClaimKey, Loaded[]>(async (keys) => {
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
  const pipeline = redis().pipeline();
  for (const id of ids) pipeline.set(leaseKey(id), leaseToken, "PX", CLAIM_LEASE_MS, "NX");
  const answers = (await pipeline.exec()) ?? [];
  const leased = ids.filter((_, i) => answers[i]?.[1] === "OK");
  const now = new Date();
  const loaded = await loadForAttempts(leased);
  const due = loaded.filter((l) => l.delivery.status === "pending" && l.delivery.nextAttemptAt !== null && l.delivery.nextAttemptAt <= now);
  const notDue = leased.filter((id) => !due.some((l) => l.delivery.id === id));
  if (notDue.length > 0) await release(notDue);
  return keys.map((k) => due.filter((l) => ("eventId" in k ? l.event.id === k.eventId : l.delivery.id === k.deliveryId)));
});

/** Gives leases back, but only our own: one that expired and was taken by another worker stays theirs. */
async function release(deliveryIds: string[]): Promise<void> {
  const pipeline = redis().pipeline();
  for (const id of deliveryIds) {
    pipeline.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, leaseKey(id), leaseToken);
  }
  await pipeline.exec();
}

const releaseOne = microBatch<string, void>(async (ids) => {
  await release(ids);
  return ids.map(() => undefined);
});

type Recorded = { loaded: Loaded; outcome: AttemptOutcome; next: Next };

/**
 * Records many automatic attempts in one transaction: the attempt rows, then each delivery's new
 * state, still guarded by status = pending so a resend that succeeded meanwhile is not overwritten.
 * Deliveries settling the same way share one UPDATE (attempt_count + 1 is per row).
 */
const record = microBatch<Recorded, void>(async (items) => {
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
  return items.map(() => undefined);
});

async function deliverClaimed(key: ClaimKey, log: Logger): Promise<Retry[]> {
  const claimed = await claim(key);
  const retries = await Promise.all(
    claimed.map(async (loaded): Promise<Retry | null> => {
      const outcome = await sendAttempt(loaded);
      const attemptsMade = loaded.delivery.attemptCount + 1;
      const next = afterAttempt(outcome.statusCode, attemptsMade, new Date());
      await record({ loaded, outcome, next });
      // Only once the outcome is committed: a duplicate job that gets the lease now reads the new state.
      await releaseOne(loaded.delivery.id).catch(() => {});
      logAttempt(log, loaded, "automatic", attemptsMade, outcome, next);
      return next.status === "pending" && next.nextAttemptAt ? { deliveryId: loaded.delivery.id, attempt: attemptsMade + 1, at: next.nextAttemptAt } : null;
    }),
  );
  return retries.filter((r): r is Retry => r !== null);
}

/** Every due delivery of an event: the web's after-commit job and the relay's event jobs land here. */
export const deliverEvent = (eventId: string, log: Logger) => deliverClaimed({ eventId }, log);

/** One due delivery (a scheduled retry or the relay's wake-up); nothing when it is not due. */
export const deliverDue = (deliveryId: string, log: Logger) => deliverClaimed({ deliveryId }, log);

/** One log line and one metrics observation per attempt, the same for automatic attempts and resends. */
export function logAttempt(
  log: Logger,
  loaded: Loaded,
  trigger: "automatic" | "resend",
  attempt: number | null,
  outcome: AttemptOutcome,
  next: { status: string; nextAttemptAt: Date | null },
): void {
  let host = "";
  try {
    host = new URL(loaded.delivery.url).host;
  } catch {
    /* an unparsable URL is logged without a host; the attempt's error says why */
  }
  const line = {
    eventId: loaded.event.id,
    type: loaded.event.type,
    deliveryId: loaded.delivery.id,
    merchantId: loaded.delivery.merchantId,
    host,
    trigger,
    attempt,
    statusCode: outcome.statusCode,
    ms: outcome.latencyMs,
    result: next.status,
    nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null,
    error: outcome.error,
  };
  observeWebhookAttempt(trigger, outcome, next.status);
  if (isSuccess(outcome.statusCode)) log.info(line, "webhook attempt");
  else log.warn(line, "webhook attempt");
}

