/**
 * Issue 12 item 5: Idempotency-Key is scoped to the API key that sends it (shared/API.md), survives
 * a failure to record its completion, replays a channel_error but not our own 5xx, and canonicalises
 * a body without recursion.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { goods, orders } from "../../lib/db/schema";
import { redis } from "../../lib/redis";
import { canonicalJson } from "../../lib/api/idempotency";
import { createApiKey } from "../../lib/api-keys/api-keys";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { provisionWechatMerchant } from "../../lib/sandbox/provision";
import { resetConfigForTests } from "../../lib/config";

let m: Awaited<ReturnType<typeof newMerchant>>;
let goodsId: string;
beforeAll(async () => {
  m = await newMerchant();
  goodsId = (await newGoods(m.testSecretKey, { price: 100 })).id;
});
afterEach(() => vi.restoreAllMocks());

const ordersOf = async (merchantId: string) => (await db().select({ n: count() }).from(orders).where(eq(orders.merchantId, merchantId)))[0]!.n;
const goodsOf = async (merchantId: string) => (await db().select({ n: count() }).from(goods).where(eq(goods.merchantId, merchantId)))[0]!.n;
const orderBody = () => ({ goodsId, quantity: 1, channel: "alipay_h5", buyerId: "b1" });
const post = (key: string, path: string, body: unknown, idem: string) => call("POST", path, { key, body, headers: { "idempotency-key": idem } });

describe("Idempotency-Key is scoped to the API key", () => {
  it("a publishable key cannot read the answer a secret key stored under the same Idempotency-Key", async () => {
    const bySecret = await post(m.testSecretKey, "/api/v1/orders", orderBody(), "scope-read");
    expect(bySecret.status).toBe(201);
    const byPublishable = await post(m.testPublishableKey, "/api/v1/orders", orderBody(), "scope-read");
    expect(byPublishable.status).toBe(201);
    expect(byPublishable.headers.get("idempotent-replayed")).toBeNull();
    expect(byPublishable.body.id).not.toBe(bySecret.body.id);
  });

  it("a publishable key cannot pre-claim the key the merchant's server will use", async () => {
    const squat = await post(m.testPublishableKey, "/api/v1/orders", { ...orderBody(), buyerId: "attacker" }, "scope-claim");
    expect(squat.status).toBe(201);
    const server = await post(m.testSecretKey, "/api/v1/orders", orderBody(), "scope-claim");
    expect(server.status, JSON.stringify(server.body)).toBe(201);
    expect(server.body.buyerId).toBe("b1");
  });

  it("two secret keys of one merchant keep separate namespaces", async () => {
    const second = (await createApiKey(m.merchantId, "test", "secret")).key;
    const a = await post(m.testSecretKey, "/api/v1/goods", { name: "A", price: 100 }, "scope-two-keys");
    const b = await post(second, "/api/v1/goods", { name: "B", price: 100 }, "scope-two-keys");
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.name).toBe("B");
  });
});

describe("a request that succeeded is never run twice", () => {
  it("when recording the completion in Redis fails, the caller still gets the answer and a retry does not run it again", async () => {
    const r = redis();
    const realSet = r.set.bind(r) as (...args: unknown[]) => Promise<unknown>;
    let failures = 0;
    // Fault injection: every write of a completed record fails, as if Redis dropped out after the handler ran.
    vi.spyOn(r, "set").mockImplementation(((...args: unknown[]) => {
      if (typeof args[1] === "string" && args[1].includes('"state":"done"')) {
        failures++;
        return Promise.reject(new Error("injected: connection lost"));
      }
      return realSet(...args);
    }) as typeof r.set);
    const before = await goodsOf(m.merchantId);
    const first = await post(m.testSecretKey, "/api/v1/goods", { name: "Once only", price: 100 }, "complete-fails");
    expect(first.status).toBe(201);
    expect(failures).toBeGreaterThan(0);
    const retry = await post(m.testSecretKey, "/api/v1/goods", { name: "Once only", price: 100 }, "complete-fails");
    expect([201, 409]).toContain(retry.status);
    if (retry.status === 409) expect(retry.body.error.code).toBe("idempotency_in_progress");
    else expect(retry.body.id).toBe(first.body.id);
    expect(await goodsOf(m.merchantId)).toBe(before + 1);

    // Redis is back: the kept completion is written and the retry is answered from it.
    vi.restoreAllMocks();
    const deadline = Date.now() + 10_000;
    let replay = await post(m.testSecretKey, "/api/v1/goods", { name: "Once only", price: 100 }, "complete-fails");
    while (replay.status === 409 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      replay = await post(m.testSecretKey, "/api/v1/goods", { name: "Once only", price: 100 }, "complete-fails");
    }
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await goodsOf(m.merchantId)).toBe(before + 1);
  });
});

describe("which answers are kept", () => {
  it("a 502 channel_error is stored and replayed: a retry with the same key makes no second order", async () => {
    const shop = await newMerchant();
    const liveKey = await shop.liveSecretKey();
    const wx = await provisionWechatMerchant(createMysqlSandboxStore(), { accountRef: shop.merchantId });
    await call("PUT", "/api/v1/channel-accounts/wechatpay", {
      key: liveKey,
      body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wx.platformPublicKeyPem, platformPublicKeyId: wx.platformKeyId },
    });
    const liveGoods = await newGoods(liveKey, { price: 1 });
    // Nothing listens on port 9: the channel cannot be reached, a 502 whose order stays pending.
    process.env.WECHATPAY_API_BASE = "http://127.0.0.1:9";
    resetConfigForTests();
    try {
      const body = { goodsId: liveGoods.id, quantity: 1, channel: "wechat_h5", buyerId: "x", clientIp: "203.0.113.1" };
      const first = await post(liveKey, "/api/v1/orders", body, "channel-error-kept");
      expect(first.status).toBe(502);
      expect(first.body.error.type).toBe("channel_error");
      const again = await post(liveKey, "/api/v1/orders", body, "channel-error-kept");
      expect(again.status).toBe(502);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await ordersOf(shop.merchantId)).toBe(1);
    } finally {
      delete process.env.WECHATPAY_API_BASE;
      resetConfigForTests();
    }
  });

  it("our own 500 is not stored: the retry runs", async () => {
    // Fault injection: the goods insert fails once, as if the database dropped the connection.
    const d = db();
    const realInsert = d.insert.bind(d);
    let broken = true;
    vi.spyOn(d, "insert").mockImplementation(((table: Parameters<typeof d.insert>[0]) => {
      if (broken && table === goods) throw new Error("injected: database gone");
      return realInsert(table);
    }) as typeof d.insert);
    const before = await goodsOf(m.merchantId);
    const first = await post(m.testSecretKey, "/api/v1/goods", { name: "Retry me", price: 100 }, "own-500");
    expect(first.status).toBe(500);
    broken = false;
    const retry = await post(m.testSecretKey, "/api/v1/goods", { name: "Retry me", price: 100 }, "own-500");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await goodsOf(m.merchantId)).toBe(before + 1);
  });
});

describe("canonical bodies", () => {
  it("key order does not matter, and a 100,000-deep value does not overflow the stack", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(canonicalJson({ b: 1, a: "x" })).toBe('{"a":"x","b":1}');
    expect(canonicalJson([1, "2", { z: true, y: [] }])).toBe('[1,"2",{"y":[],"z":true}]');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    const text = canonicalJson(deep);
    expect(text.length).toBeGreaterThan(300_000);
    expect(text.startsWith('[{"k":[{"k":')).toBe(true);
  });
});
