/**
 * What the chaos and scale runs check once their traffic has stopped (issues 11 and 18): wait until
 * everything settles (expiries swept, deliveries done), then count money and notifications:
 * - every order the buyer paid at the channel is paid, with exactly one `order.paid` event, and the
 *   merchant's receiver got exactly one distinct `order.paid` webhook-id for it;
 * - every event with a target reached the receiver at least once (webhook-id set), signed;
 * - no order is pending past its expiry; no order the buyer did not pay is paid;
 * - no transition happened twice: per order one `order.created`, at most one `order.paid` and one
 *   `order.closed`, matching its final state.
 */
import { writeFileSync } from "node:fs";
import { expect } from "vitest";
import { inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { PAYS, type Client, type Purchase, type Shop } from "./shopper";
import type { Receiver } from "../helpers/webhook-receiver";
import { db } from "../../lib/db/client";
import { events, orders, webhookAttempts, webhookDeliveries } from "../../lib/db/schema";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CHAOS_DEBUG=file: what the receiver got and what the database says, for reading a failure afterwards. */
async function dumpForDebugging(file: string, receiver: Receiver, run: { eventRows: { id: string }[]; deliveryRows: unknown[]; orderRows: unknown[]; started: number; run: string }) {
  const attempts = await db().select().from(webhookAttempts).where(inArray(webhookAttempts.eventId, run.eventRows.map((e) => e.id)));
  const received = receiver.received.map((r) => ({ id: r.id, at: r.at, path: r.path }));
  writeFileSync(file, JSON.stringify({ ...run, received, attempts }, null, 1));
}

export type RunToVerify = {
  label: string;
  purchases: Purchase[];
  shops: (Shop & { merchantId: string })[];
  receiver: Receiver;
  /** receiver path → the merchant's webhook secret */
  secrets: Map<string, string>;
  client: Client;
  started: number;
  trafficMs: number;
  /** What the run did besides the purchases (kills, processes), for the summary line. */
  summary: () => string;
};

export async function settleAndVerify(run: RunToVerify): Promise<void> {
  const { label, purchases, shops, receiver, secrets, client, started, trafficMs, summary } = run;
  // Settling: the expiry sweep runs every 30 s and orders expire a minute after creation, so the
  // short-expiry orders settle about 1.5 min after they were made; webhooks follow within seconds.
  const merchantIds = shops.map((s) => s.merchantId);
  const lastExpiry = async () =>
    (await db().select({ e: orders.expiresAt }).from(orders).where(inArray(orders.merchantId, merchantIds))).reduce(
      (max, r) => Math.max(max, r.e.getTime() < Date.now() + 10 * 60_000 ? r.e.getTime() : 0),
      0,
    );
  const allExpired = await lastExpiry();
  const settleBy = Math.max(Date.now(), allExpired) + 100_000;
  const snapshot = async () => {
    const orderRows = await db().select().from(orders).where(inArray(orders.merchantId, merchantIds));
    const eventRows = await db().select().from(events).where(inArray(events.merchantId, merchantIds));
    const deliveryRows = await db().select().from(webhookDeliveries).where(inArray(webhookDeliveries.merchantId, merchantIds));
    return { orderRows, eventRows, deliveryRows };
  };
  let s = await snapshot();
  const settled = () => {
    const now = Date.now();
    const expected = purchases.filter((p) => p.orderId && p.paidAtChannel);
    const byId = new Map(s.orderRows.map((o) => [o.id, o]));
    const received = new Set(receiver.received.map((r) => r.id));
    return (
      now > allExpired &&
      !s.orderRows.some((o) => o.status === "pending" && o.expiresAt.getTime() <= now) &&
      expected.every((p) => byId.get(p.orderId!)?.status === "paid") &&
      s.deliveryRows.every((d) => d.status !== "pending") &&
      s.eventRows.filter((e) => e.type !== "order.closed").every((e) => received.has(e.id))
    );
  };
  // A pay request that got no answer may have died after the sandbox took the money but before
  // it queued its notification (the sandbox, like any provider, can fail to notify). The buyer's
  // return page polls the order then, and reading it asks the channel.
  const lookedUp = purchases.filter((x) => x.payInterrupted && x.paidAtChannel && !x.shortExpiry);
  while (!settled() && Date.now() < settleBy) {
    await sleep(500);
    const status = new Map(s.orderRows.map((o) => [o.id, o.status]));
    for (const p of lookedUp.filter((x) => status.get(x.orderId!) === "pending")) {
      await client.send("GET", `/api/v1/orders/${p.orderId}`, { key: shops[p.n % shops.length]!.key });
    }
    s = await snapshot();
  }
  const settleMs = Date.now() - started - trafficMs;
  if (process.env.CHAOS_DEBUG) await dumpForDebugging(process.env.CHAOS_DEBUG, receiver, { ...s, started, run: summary() });
  const duplicates = receiver.received.length - new Set(receiver.received.map((r) => r.id)).size;
  console.log(
    `${label}: ${purchases.length} purchases (${purchases.filter((p) => p.paidAtChannel).length} paid at the channel, ` +
      `${purchases.filter((p) => p.gaveUp).length} given up), ${s.orderRows.length} orders, ${s.eventRows.length} events, ` +
      `${receiver.received.length} webhook requests (${duplicates} repeats of a webhook-id, incl. planned 503s); ` +
      `traffic ${(trafficMs / 1000).toFixed(1)} s, settled ${(settleMs / 1000).toFixed(1)} s later; ` +
      `${summary()}; ` +
      `${client.retriedAfterNoAnswer} client retries after no answer; 5xx: ${client.serverErrors.length}`,
  );
  const now = Date.now();
  const { orderRows, eventRows, deliveryRows } = s;
  const byOrder = new Map(orderRows.map((o) => [o.id, o]));
  const eventsOf = (orderId: string, type: string) => eventRows.filter((e) => e.orderId === orderId && e.type === type);

  // 1. Money: what the buyer paid at the channel is paid here, with one event; nothing else is paid.
  const lost = purchases.filter((p) => p.paidAtChannel && byOrder.get(p.orderId!)?.status !== "paid");
  expect(lost.map((p) => `${p.orderId} (${p.behaviour}, ${p.channel}): ${byOrder.get(p.orderId!)?.status}`), "paid at the channel, not paid here").toEqual([]);
  const unpaidButPaid = purchases.filter((p) => p.orderId && !PAYS.has(p.behaviour) && byOrder.get(p.orderId)?.status === "paid");
  expect(unpaidButPaid.map((p) => p.orderId), "paid here, never paid at the channel").toEqual([]);
  const known = new Set(purchases.map((p) => p.orderId));
  // Orders the client never learnt of (their creation died with the web) were never paid.
  expect(orderRows.filter((o) => !known.has(o.id) && o.status === "paid").map((o) => o.id)).toEqual([]);

  // 2. No order stuck pending past its expiry.
  const stuck = orderRows.filter((o) => o.status === "pending" && o.expiresAt.getTime() <= now);
  expect(stuck.map((o) => `${o.id} expired ${o.expiresAt.toISOString()}`), "pending past expiry").toEqual([]);
  for (const p of purchases.filter((x) => x.shortExpiry && x.orderId)) {
    expect(byOrder.get(p.orderId!)?.status, `${p.orderId} (${p.behaviour})`).toBe(p.paidAtChannel ? "paid" : "closed");
  }

  // 3. No transition twice: the events of each order match its one path through the state machine.
  const doubled: string[] = [];
  for (const o of orderRows) {
    const created = eventsOf(o.id, "order.created").length;
    const paid = eventsOf(o.id, "order.paid").length;
    const closed = eventsOf(o.id, "order.closed").length;
    const want =
      o.status === "paid" ? { created: 1, paid: 1, closed: o.paidAfterClose ? 1 : 0 } : o.status === "closed" ? { created: 1, paid: 0, closed: 1 } : { created: 1, paid: 0, closed: 0 };
    if (created !== want.created || paid !== want.paid || closed !== want.closed) {
      doubled.push(`${o.id} ${o.status}${o.paidAfterClose ? " (paidAfterClose)" : ""}: created ${created}, paid ${paid}, closed ${closed}`);
    }
  }
  expect(doubled, "orders whose events do not match one transition each").toEqual([]);

  // 4. Every event with a target reached the receiver, signed with its merchant's secret, and
  //    every delivery ended succeeded. A merchant de-duplicating on webhook-id sees each payment once.
  const received = new Map<string, (typeof receiver.received)[number]>();
  for (const r of receiver.received) if (r.headers["webhook-id"]) received.set(r.id, r);
  const targeted = eventRows.filter((e) => e.type === "order.created" || e.type === "order.paid");
  const missing = targeted.filter((e) => !received.has(e.id));
  expect(missing.map((e) => `${e.type} ${e.id} (order ${e.orderId})`), "events that never reached the receiver").toEqual([]);
  expect(deliveryRows.filter((d) => d.status !== "succeeded").map((d) => `${d.id} ${d.status}`)).toEqual([]);
  // Redelivery after a crash is allowed (the attempt died unrecorded); a delivery the worker knew
  // had succeeded and sent again is not: one lease, one sender.
  const attempts = await db().select().from(webhookAttempts).where(inArray(webhookAttempts.eventId, targeted.map((e) => e.id)));
  const succeededTwice = deliveryRows.filter((d) => attempts.filter((a) => a.deliveryId === d.id && a.statusCode !== null && a.statusCode < 300).length > 1);
  expect(succeededTwice.map((d) => d.id), "deliveries with more than one recorded 2xx attempt").toEqual([]);
  const eventById = new Map(eventRows.map((e) => [e.id, e]));
  const paidWebhooks = new Map<string, Set<string>>(); // order id → distinct order.paid webhook-ids
  for (const [id, r] of received) {
    const secret = secrets.get(r.path);
    expect(secret, `webhook ${id} at an unknown path ${r.path}`).toBeDefined();
    const payload = new Webhook(secret!).verify(r.body, r.headers) as { type: string; data: { order: { id: string; status: string } } };
    const event = eventById.get(id);
    expect(event, `webhook ${id} names no event`).toBeDefined();
    expect(payload.type).toBe(event!.type);
    expect(payload.data.order.id).toBe(event!.orderId);
    if (payload.type === "order.paid") {
      expect(payload.data.order.status).toBe("paid");
      paidWebhooks.set(payload.data.order.id, (paidWebhooks.get(payload.data.order.id) ?? new Set()).add(id));
    }
  }
  const notOnce = orderRows.filter((o) => o.status === "paid" && paidWebhooks.get(o.id)?.size !== 1);
  expect(notOnce.map((o) => `${o.id}: ${paidWebhooks.get(o.id)?.size ?? 0}`), "paid orders without exactly one distinct order.paid webhook").toEqual([]);

  expect(client.serverErrors, "5xx answers").toEqual([]);
}

/** The merchant's endpoint: answers 200, except a first attempt now and then (the retry path runs too). */
export function receiverAnswers(r: Receiver): void {
  r.respond = (req, countForId) => {
    const flaky = req.id.charCodeAt(req.id.length - 1) % 16 === 0;
    return flaky && countForId === 1 ? { status: 503, body: "busy" } : { status: 200, body: "ok" };
  };
}
