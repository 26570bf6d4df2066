/**
 * The crash test of issue 11 ("Prove it"): payrelay started the way `npm start` starts it — web and
 * worker as separate process groups (tests/chaos/app-processes.ts) — takes a few hundred test-mode
 * payments through the sandbox while the test SIGKILLs the worker twice and the web once, restarting
 * each. Then money and notifications are counted:
 * - every order the buyer paid at the channel is paid, with exactly one `order.paid` event, and the
 *   merchant's receiver got exactly one distinct `order.paid` webhook-id for it;
 * - every event with a target reached the receiver at least once (webhook-id set), signed;
 * - no order is pending past its expiry; no order the buyer did not pay is paid;
 * - no transition happened twice: per order one `order.created`, at most one `order.paid` and one
 *   `order.closed`, matching its final state.
 * Size: CHAOS_PAYMENTS (default 300). Run with `npm run chaos`; `npm test` runs it after Playwright.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { AppProcesses, freePort, type Role } from "./app-processes";
import { Client, PAYS, runPurchase, type Behaviour, type Channel, type Purchase, type Shop } from "./shopper";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { createMerchant } from "../../lib/merchants/merchants";
import { resetConfigForTests } from "../../lib/config";
import { db } from "../../lib/db/client";
import { events, orders, webhookAttempts, webhookDeliveries } from "../../lib/db/schema";

const PAYMENTS = Number(process.env.CHAOS_PAYMENTS ?? 300);
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 8);
/** Provider and webhook retry schedules run 60× faster: a minute is a second. Order expiry does not scale. */
const TIME_SCALE = "60";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: AppProcesses;
let receiver: Receiver;
const secrets = new Map<string, string>(); // receiver path → the merchant's webhook secret

beforeAll(async () => {
  receiver = await startReceiver("/hooks");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The app's callback and cashier URLs point at the chaos web; createMerchant below provisions
  // sandbox credentials with them, so this process must see the same value.
  process.env.PUBLIC_BASE_URL = base;
  resetConfigForTests();
  app = new AppProcesses(
    {
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_PREFIX: process.env.REDIS_PREFIX!,
      PUBLIC_BASE_URL: base,
      PAYRELAY_MASTER_KEY: process.env.PAYRELAY_MASTER_KEY!,
      AUTH_SECRET: process.env.AUTH_SECRET!,
      NOTIFY_ALLOW_PRIVATE_HOSTS: "1",
      SANDBOX_ENABLED: "1",
      TIME_SCALE,
      LOG_LEVEL: "warn",
      METRICS_TOKEN: "chaos-metrics-token-chaos-metrics",
      WORKER_METRICS_PORT: String(await freePort()),
      // Hundreds of payments from one address with one publishable key: the API's rate budgets
      // (docs/api.md "Rate limits") would refuse most of them; this run is about crashes.
      RATE_LIMIT_TEST_PER_SECOND: "1000000",
      RATE_LIMIT_PUBLISHABLE_PER_MINUTE: "1000000",
    },
    base,
  );
  await Promise.all([app.start("web"), app.start("worker")]);
}, 180_000);

afterAll(async () => {
  await app?.stopAll();
  await receiver?.close();
}, 60_000);

/** The merchant's endpoint: answers 200, except a first attempt now and then (the retry path runs too). */
function receiverAnswers(r: Receiver): void {
  r.respond = (req, countForId) => {
    const flaky = req.id.charCodeAt(req.id.length - 1) % 16 === 0;
    return flaky && countForId === 1 ? { status: 503, body: "busy" } : { status: 200, body: "ok" };
  };
}

/** Buyers' behaviours: a fifth expire (short expiry, created first), the rest pay in various ways. */
function plan(total: number): Purchase[] {
  const short: Behaviour[] = ["never_open", "open_only", "cancel", "pay_no_notify"];
  const long: Behaviour[] = ["pay", "pay", "pay", "pay_and_look", "notify_twice", "notify_delayed", "pay", "pay_and_look"];
  const channels: Channel[] = ["alipay_h5", "wechat_h5", "wechat_jsapi", "alipay_pc", "alipay_qr", "wechat_native"];
  const shortCount = Math.max(short.length, Math.round(total / 5));
  return Array.from({ length: total }, (_, n) => {
    const isShort = n < shortCount;
    const behaviours = isShort ? short : long;
    return {
      n,
      behaviour: behaviours[n % behaviours.length]!,
      // A channel per round of behaviours, so every channel meets every behaviour.
      channel: channels[Math.floor(n / behaviours.length) % channels.length]!,
      shortExpiry: isShort,
      paidAtChannel: false,
      payInterrupted: false,
    };
  });
}

/** CHAOS_DEBUG=file: what the receiver got and what the database says, for reading a failure afterwards. */
async function dumpForDebugging(file: string, run: { eventRows: { id: string }[]; deliveryRows: unknown[]; orderRows: unknown[]; kills: unknown; started: number }) {
  const attempts = await db().select().from(webhookAttempts).where(inArray(webhookAttempts.eventId, run.eventRows.map((e) => e.id)));
  const received = receiver.received.map((r) => ({ id: r.id, at: r.at, path: r.path }));
  writeFileSync(file, JSON.stringify({ ...run, received, attempts }, null, 1));
}

type Kill = { role: Role; atDone: number; done?: number; inFlight?: number; downMs?: number };

describe("process-level chaos", () => {
  it(`${PAYMENTS} payments while the worker is SIGKILLed twice and the web once: no payment or notification lost, none doubled`, async () => {
    receiverAnswers(receiver);
    const runId = randomBytes(4).toString("hex");
    const shops: (Shop & { merchantId: string })[] = [];
    for (const name of ["Chaos shop A", "Chaos shop B"]) {
      const m = await createMerchant({ email: `chaos-${runId}-${shops.length}@example.com`, password: "a long enough passphrase", name });
      const hook = `${receiver.url}/${m.merchantId}`;
      secrets.set(new URL(hook).pathname, m.webhookSecret);
      const client = new Client(app.base);
      const goods = await client.send("POST", "/api/v1/goods", {
        key: m.testSecretKey,
        json: { name: `${name} goods`, price: 100 + shops.length, notifyUrls: { orderCreated: hook, orderPaid: hook } },
      });
      expect(goods.status, JSON.stringify(goods.body)).toBe(201);
      shops.push({ key: m.testSecretKey, goodsId: String(goods.body.id), merchantId: m.merchantId });
    }

    const purchases = plan(PAYMENTS);
    const client = new Client(app.base);
    const started = Date.now();
    let next = 0;
    let done = 0;
    let inFlight = 0;
    const failures: string[] = [];

    // The kills land at fixed points of progress, whatever the machine's speed, with purchases in flight.
    const kills: Kill[] = [
      { role: "worker", atDone: Math.round(PAYMENTS * 0.3) },
      { role: "web", atDone: Math.round(PAYMENTS * 0.5) },
      { role: "worker", atDone: Math.round(PAYMENTS * 0.7) },
    ];
    // The worker's kills and the web's run side by side, each role's in order. The last purchases
    // wait for the kills, so every kill lands with traffic still flowing.
    const chaos = Promise.all(
      (["worker", "web"] as const).map(async (role) => {
        for (const k of kills.filter((x) => x.role === role)) {
          while (done < k.atDone) await sleep(20);
          k.done = done;
          k.inFlight = inFlight;
          const down = Date.now();
          await app.kill(role);
          // The worker stays down a moment (its jobs pile up); the web is restarted at once.
          if (role === "worker") await sleep(1_500);
          await app.start(role);
          k.downMs = Date.now() - down;
        }
      }),
    );
    chaos.catch(() => {}); // awaited below; a failed restart must not count as an unhandled rejection first
    const gate = Math.round(PAYMENTS * 0.85);
    const killsFired = () => kills.every((k) => k.done !== undefined);

    const shopper = async () => {
      for (;;) {
        const p = purchases[next++];
        if (!p) return;
        while (p.n >= gate && !killsFired()) await sleep(20);
        inFlight++;
        try {
          await runPurchase(client, shops[p.n % shops.length]!, p, runId);
        } catch (error) {
          failures.push(String(error));
        } finally {
          inFlight--;
          done++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, shopper));
    await chaos;
    const trafficMs = Date.now() - started;
    expect(failures, failures.join("\n")).toEqual([]);

    // Every kill happened before the traffic ended (the gate above); the web's with requests in flight.
    for (const k of kills) expect(k.done, `${k.role} kill came too late`).toBeLessThan(PAYMENTS);
    expect(kills.find((k) => k.role === "web")!.inFlight, "web killed with nothing in flight").toBeGreaterThan(0);
    expect(app.kills).toEqual({ web: 1, worker: 2 });

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
    if (process.env.CHAOS_DEBUG) await dumpForDebugging(process.env.CHAOS_DEBUG, { ...s, kills, started });
    const duplicates = receiver.received.length - new Set(receiver.received.map((r) => r.id)).size;
    console.log(
      `chaos: ${PAYMENTS} purchases (${purchases.filter((p) => p.paidAtChannel).length} paid at the channel, ` +
        `${purchases.filter((p) => p.gaveUp).length} given up), ${s.orderRows.length} orders, ${s.eventRows.length} events, ` +
        `${receiver.received.length} webhook requests (${duplicates} repeats of a webhook-id, incl. planned 503s); ` +
        `traffic ${(trafficMs / 1000).toFixed(1)} s, settled ${(settleMs / 1000).toFixed(1)} s later; ` +
        `kills ${kills.map((k) => `${k.role}@${k.done}/${PAYMENTS} (${k.inFlight} in flight, back in ${((k.downMs ?? 0) / 1000).toFixed(1)} s)`).join(", ")}; ` +
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
  }, 15 * 60_000);
});
