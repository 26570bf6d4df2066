/**
 * Issue 11, item 3: one merchant's failing orders must not stop the sweeps for everyone else.
 * Merchant A has more expired live orders than one sweep run takes whose channel always fails (its API base is a local server
 * that answers 500, or never answers); merchant B has a few test-mode orders in the sandbox.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "bullmq";
import { eq, inArray } from "drizzle-orm";
import { call } from "../helpers/api";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createOrder, newShop, simulate, tradeIdFor, waitFor, type Shop } from "../helpers/payments";
import { newGoods } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";
import { newId } from "../../lib/ids";
import { redis } from "../../lib/redis";
import { QUEUES, queue } from "../../lib/queue";
import { logger } from "../../lib/log";
import { resetConfigForTests } from "../../lib/config";
import { checkHealth, WORKER_HEARTBEAT_KEY } from "../../lib/health/check-health";
import { expireDueOrders, reconcilePendingOrders, SWEEP_BATCH, SWEEP_CONCURRENCY, SWEEP_MAX_BATCHES, sweepBackoffMs } from "../../lib/orders/sweeps";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { provisionWechatMerchant } from "../../lib/sandbox/provision";
import { startWorkers } from "../../worker/workers";

/** A channel that fails: every request is recorded, held `delayMs`, then answered 500 (or held until `release`). */
function failingChannel() {
  const seen: string[] = [];
  const held: ServerResponse[] = [];
  const state = { inFlight: 0, maxInFlight: 0, delayMs: 50, hang: false };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.url ?? "");
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const answer = () => {
      state.inFlight--;
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ code: "SYSTEM_ERROR", message: "down" }));
    };
    if (state.hang) held.push(Object.assign(res, { answer }));
    else setTimeout(answer, state.delayMs);
  });
  return {
    seen,
    state,
    /** Order ids the channel was asked about since `from`. */
    ordersAsked: (from = 0) => new Set(seen.slice(from).flatMap((u) => /ord_[0-9A-Za-z]+/.exec(u)?.[0] ?? [])),
    release: () => held.splice(0).forEach((r) => (r as ServerResponse & { answer: () => void }).answer()),
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const channel = failingChannel();
let app: AppServer;
let shopB: Shop;
let aOrders: string[] = [];
const HOUR = 3600_000;
/** One run takes at most SWEEP_BATCH × SWEEP_MAX_BATCHES orders; A has 20 more. */
const A_ORDERS = SWEEP_BATCH * SWEEP_MAX_BATCHES + 20;

beforeAll(async () => {
  // Real time: the back-off must be long enough to watch (TIME_SCALE divides it).
  process.env.TIME_SCALE = "1";
  app = await startAppServer();
  process.env.WECHATPAY_API_BASE = await channel.listen();
  resetConfigForTests();

  // Merchant A: live WeChat Pay credentials the sandbox issued, pointed at the failing channel.
  const a = await newShop(1);
  const liveKey = await a.liveSecretKey();
  const wx = await provisionWechatMerchant(createMysqlSandboxStore(), { accountRef: a.merchantId });
  const put = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
    key: liveKey,
    body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wx.platformPublicKeyPem, platformPublicKeyId: wx.platformKeyId },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const goods = await newGoods(liveKey, { price: 1 });
  const first = await call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId: goods.id, quantity: 1, channel: "wechat_h5", buyerId: "x", clientIp: "203.0.113.1" } });
  expect(first.status).toBe(502); // the channel failed with an unknown outcome: the order stays pending
  const template = (await db().select().from(orders).where(eq(orders.id, first.body.error.order.id)))[0]!;
  expect(template.status).toBe("pending");
  // More like it, all older than B's: more than one run takes (oldest first, B's would never be reached).
  const rows = Array.from({ length: A_ORDERS - 1 }, (_, i) => ({ ...template, id: newId("ord"), createdAt: new Date(Date.now() - 2 * HOUR), expiresAt: new Date(Date.now() - HOUR + i * 1000) }));
  await db().insert(orders).values(rows);
  await db().update(orders).set({ createdAt: new Date(Date.now() - 2 * HOUR), expiresAt: new Date(Date.now() - HOUR - 1000) }).where(eq(orders.id, template.id));
  aOrders = [template.id, ...rows.map((r) => r.id)];

  shopB = await newShop(1);
}, 60_000);

afterAll(async () => {
  channel.release();
  await channel.close();
  await app.close();
  delete process.env.WECHATPAY_API_BASE;
  resetConfigForTests();
});

const statusOf = async (ids: string[]) => (await db().select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, ids))).map((r) => r.status);

describe("the expiry sweep is fair", () => {
  it("one run closes B's few expired orders although A has more older ones than a run takes, all failing; A's failures back off; calls run in parallel", async () => {
    const b = await Promise.all([createOrder(shopB, "wechat_h5"), createOrder(shopB, "alipay_h5"), createOrder(shopB, "wechat_h5")]);
    const bIds = b.map((r) => r.body.id as string);
    await db().update(orders).set({ expiresAt: new Date(Date.now() - 60_000) }).where(inArray(orders.id, bIds));

    const before = channel.seen.length;
    channel.state.maxInFlight = 0;
    const runStarted = Date.now();
    const tally = await expireDueOrders();
    // Round-robin: B's orders ride in the first batch beside A's, not behind all of them.
    expect(await statusOf(bIds)).toEqual(["closed", "closed", "closed"]);
    const perRun = SWEEP_BATCH * SWEEP_MAX_BATCHES;
    expect(tally).toEqual({ closed: 3, paid: 0, failed: perRun - 3 });

    const firstRun = channel.ordersAsked(before);
    expect(firstRun.size).toBe(perRun - 3);
    // Bounded parallelism: several of A's calls were in flight at once, never more than the bound.
    expect(channel.state.maxInFlight).toBeGreaterThan(1);
    expect(channel.state.maxInFlight).toBeLessThanOrEqual(SWEEP_CONCURRENCY);

    const tried = await db().select().from(orders).where(inArray(orders.id, [...firstRun]));
    for (const o of tried) {
      expect(o.status).toBe("pending"); // never closed blind while the channel cannot be asked
      expect(o.sweepFailures).toBe(1);
      expect(o.nextAttemptAt!.getTime()).toBeGreaterThan(runStarted + 50_000); // 1 min − 10 % jitter
    }

    // The next run does not retry them before their time: it takes A's remaining orders (and, on a
    // machine so slow that the first run outlasted a back-off, only orders whose time had come).
    const mid = channel.seen.length;
    const secondStarted = new Date();
    await expireDueOrders();
    const secondRun = channel.ordersAsked(mid);
    const remaining = aOrders.filter((id) => !firstRun.has(id));
    expect(remaining.every((id) => secondRun.has(id))).toBe(true);
    const dueAgain = new Set(tried.filter((o) => o.nextAttemptAt! <= secondStarted).map((o) => o.id));
    expect([...secondRun].filter((id) => firstRun.has(id) && !dueAgain.has(id))).toEqual([]);
  }, 180_000);

  it("once all of A's orders are backing off, a run asks A's channel nothing", async () => {
    await db().update(orders).set({ nextAttemptAt: new Date(Date.now() + HOUR) }).where(inArray(orders.id, aOrders));
    const before = channel.seen.length;
    const tally = await expireDueOrders();
    expect(channel.seen.length).toBe(before);
    expect(tally.failed).toBe(0);
    expect(await statusOf(aOrders)).toEqual(aOrders.map(() => "pending"));
  }, 60_000);

  it("back-off doubles per failure up to an hour, ±10 %", () => {
    expect(sweepBackoffMs(1, () => 0.5)).toBe(60_000);
    expect(sweepBackoffMs(2, () => 0.5)).toBe(120_000);
    expect(sweepBackoffMs(3, () => 0)).toBe(216_000);
    expect(sweepBackoffMs(30, () => 1)).toBe(3_960_000);
  });
});

describe("the reconciliation sweep is fair", () => {
  it("finds B's missed payment although A has more older pending orders than a run takes, whose queries fail", async () => {
    // A's orders: due for reconciliation (not expired, created long ago, never in back-off).
    await db().update(orders).set({ expiresAt: new Date(Date.now() + HOUR), nextAttemptAt: null, sweepFailures: 0, lastSyncedAt: null }).where(inArray(orders.id, aOrders));
    const order = (await createOrder(shopB, "wechat_h5")).body;
    await simulate(app.base, await tradeIdFor(order.payParams, app.base), "pay_no_notify");
    await db().update(orders).set({ createdAt: new Date(Date.now() - 3 * 60_000) }).where(eq(orders.id, order.id));

    const before = channel.seen.length;
    const result = await reconcilePendingOrders();
    expect(await statusOf([order.id])).toEqual(["paid"]);
    const perRun = SWEEP_BATCH * SWEEP_MAX_BATCHES;
    expect(result).toMatchObject({ checked: perRun, paid: 1, failed: perRun - 1 });
    const asked = channel.ordersAsked(before);
    expect(asked.size).toBe(perRun - 1);
    const backedOff = await db().select().from(orders).where(inArray(orders.id, [...asked]));
    expect(backedOff.every((o) => o.sweepFailures === 1 && o.nextAttemptAt! > new Date())).toBe(true);
  }, 180_000);
});

describe("sweeps and the health check", () => {
  let workers: Worker[] = [];
  afterAll(async () => {
    channel.release();
    await Promise.all(workers.map((w) => w.close()));
  });

  it("health stays ok while a sweep hangs on a channel that never answers", async () => {
    await db().update(orders).set({ expiresAt: new Date(Date.now() - HOUR), nextAttemptAt: null, sweepFailures: 0 }).where(inArray(orders.id, aOrders));
    channel.state.hang = true;
    workers = await startWorkers(logger());
    const before = channel.seen.length;
    await queue(QUEUES.sweeps).add("orders-expire", { kind: "orders-expire" });
    await waitFor(async () => channel.seen.length > before);

    // The sweep is now stuck on A's channel (for up to the 10 s channel timeout). The heartbeat still beats.
    await redis().del(WORKER_HEARTBEAT_KEY);
    await queue(QUEUES.system).add("heartbeat", { kind: "heartbeat" });
    await waitFor(async () => (await redis().get(WORKER_HEARTBEAT_KEY)) !== null, 5_000);
    expect(channel.state.inFlight).toBeGreaterThan(0); // still hanging: the beat did not wait for it
    const health = await checkHealth();
    expect(health).toMatchObject({ status: "ok", worker: { ok: true } });
    channel.release();
    channel.state.hang = false;
  }, 30_000);
});
