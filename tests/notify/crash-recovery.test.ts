/**
 * The outbox promise: whatever crashes, every event is delivered at least once.
 * - the worker process is killed with SIGKILL in the middle of 500 deliveries and restarted;
 * - Redis is unreachable when the web commits an event, and the worker is down too; once both are
 *   back, the relay hands the event over.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, startPaymentsEnv, stopPaymentsEnv, waitFor, type Env, type Shop } from "../helpers/payments";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { db } from "../../lib/db/client";
import { events } from "../../lib/db/schema";
import { enqueueEvents, recordEvent } from "../../lib/events/outbox";
import { resetConfigForTests } from "../../lib/config";
import { closeQueues } from "../../lib/queue";
import { groupExited, signalGroup as signal, startWorkerProcess } from "../helpers/worker-process";

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => receiver.close());

async function shopWith(orderCreated: string): Promise<Shop> {
  const m = await newMerchant("Crash shop");
  const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated } });
  return { ...m, goodsId: goods.id };
}

describe("crash recovery", () => {
  it("kill -9 of the worker during 500 deliveries: after a restart every event arrives, none missing", async () => {
    let app: AppServer | undefined;
    let worker: ChildProcess | undefined;
    try {
      app = await startAppServer();
      const shop = await shopWith(`${receiver.url}/crash`);
      const order = (await createOrder(shop, "wechat_h5")).body;
      expect(order.id).toMatch(/^ord_/);

      // 500 events the way the web writes them: committed, then enqueued. No worker runs yet.
      const ids: string[] = [];
      for (let batch = 0; batch < 10; batch++) {
        const batchIds = await db().transaction(async (tx) => {
          const out: string[] = [];
          for (let i = 0; i < 50; i++) {
            out.push(await recordEvent(tx, { merchantId: shop.merchantId, livemode: false, type: "order.created", orderId: order.id, data: { order, n: batch * 50 + i } }));
          }
          return out;
        });
        await enqueueEvents(batchIds.map((id) => ({ id, livemode: false })));
        ids.push(...batchIds);
      }
      const wanted = new Set(ids);

      let killedAt = -1;
      const first = startWorkerProcess();
      worker = first;
      receiver.respond = (r) => {
        // Kill from inside the receiver, so the worker dies with deliveries in flight.
        if (killedAt < 0 && r.path === "/hooks/crash" && receiver.received.length >= 150) {
          killedAt = receiver.received.length;
          signal(first, "SIGKILL");
        }
        return { status: 200, body: "ok", delayMs: 10 };
      };
      await waitFor(async () => killedAt > 0, 60_000);
      await groupExited(first);
      const got = () => new Set(receiver.received.filter((r) => wanted.has(r.id)).map((r) => r.id));
      expect(got().size).toBeLessThan(500);

      worker = startWorkerProcess();
      // Deliveries the dead worker had claimed come back when its 15 s lease runs out.
      await waitFor(async () => got().size === 500, 90_000);
      expect([...wanted].filter((id) => !got().has(id))).toEqual([]);
      const one = receiver.received.find((r) => wanted.has(r.id))!;
      expect(new Webhook(shop.webhookSecret).verify(one.body, one.headers)).toMatchObject({ type: "order.created" });
    } finally {
      if (worker) {
        signal(worker, "SIGTERM");
        await groupExited(worker);
      }
      await app?.close();
    }
  }, 150_000);

  it("an event committed while Redis is down is delivered once Redis is back", async () => {
    const shop = await shopWith(`${receiver.url}/redis-down`);
    receiver.respond = () => ({ status: 200, body: "ok" });
    const realRedis = process.env.REDIS_URL;
    let env: Env | undefined;
    try {
      // Redis "down" for the web: its queue points at a closed port, so the after-commit enqueue fails.
      process.env.REDIS_URL = "redis://127.0.0.1:1";
      resetConfigForTests();
      await closeQueues();
      const app = await startAppServer();
      const created = await createOrder(shop, "wechat_h5");
      await app.close();
      expect(created.status, JSON.stringify(created.body)).toBe(201); // the request does not fail
      const [event] = await db().select().from(events).where(eq(events.orderId, created.body.id));
      expect(event!.enqueuedAt).toBeNull();

      // An event whose web process died between commit and enqueue: never even tried.
      const orphan = await db().transaction((tx) =>
        recordEvent(tx, { merchantId: shop.merchantId, livemode: false, type: "order.created", orderId: created.body.id, data: { order: created.body } }),
      );

      // Redis is back; the worker starts, and its relay hands both events over.
      if (realRedis === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = realRedis;
      resetConfigForTests();
      await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 2000))]);
      env = await startPaymentsEnv();
      for (const id of [event!.id, orphan]) {
        const r = await waitFor(async () => receiver.received.find((x) => x.id === id), 20_000);
        expect(new Webhook(shop.webhookSecret).verify(r.body, r.headers)).toMatchObject({ id });
      }
      const rows = await db().select().from(events).where(inArray(events.id, [event!.id, orphan]));
      expect(rows.every((r) => r.enqueuedAt !== null)).toBe(true);
      // The attempt is recorded just after the receiver has read it (on a loaded machine, visibly later).
      const detail = await waitFor(async () => {
        const d = await call("GET", `/api/v1/events/${event!.id}`, { key: shop.testSecretKey });
        return d.body.deliveries[0]?.status === "succeeded" ? d : null;
      }, 10_000).catch(() => call("GET", `/api/v1/events/${event!.id}`, { key: shop.testSecretKey }));
      expect(detail.body.deliveries[0]).toMatchObject({ status: "succeeded" });
    } finally {
      if (realRedis === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = realRedis;
      resetConfigForTests();
      if (env) await stopPaymentsEnv(env);
    }
  }, 60_000);
});
