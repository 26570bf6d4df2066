import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setRedirectDomains } from "../../lib/merchants/redirect-domains";
import { eq } from "drizzle-orm";
import { call, type ApiResponse } from "../helpers/api";
import { createOrder, newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { resetConfigForTests } from "../../lib/config";
import { chargeBudgets } from "../../lib/api/rate-limit";
import { db } from "../../lib/db/client";
import { apiKeys, orders } from "../../lib/db/schema";
import { hashApiKey } from "../../lib/api-keys/api-keys";
import { redis } from "../../lib/redis";

let env: Env;
let shop: Shop;

function setLimits(limits: { live?: number; test?: number; perMinute?: number }) {
  process.env.RATE_LIMIT_LIVE_PER_SECOND = String(limits.live ?? 100_000);
  process.env.RATE_LIMIT_TEST_PER_SECOND = String(limits.test ?? 100_000);
  process.env.RATE_LIMIT_PUBLISHABLE_PER_MINUTE = String(limits.perMinute ?? 100_000);
  resetConfigForTests();
}

beforeAll(async () => {
  setLimits({});
  env = await startPaymentsEnv();
  shop = await newShop(1);
  // Publishable-key checkout sessions return only to the merchant's listed redirect domains.
  await setRedirectDomains(shop.merchantId, ["shop.example.com"]);
});
afterAll(async () => stopPaymentsEnv(env));
beforeEach(() => setLimits({}));

const orderBody = (s: Shop) => ({ goodsId: s.goodsId, quantity: 1, channel: "alipay_h5", buyerId: "b-1" });
const sessionBody = (s: Shop) => ({ goodsId: s.goodsId, quantity: 1, buyerId: "b-1", successUrl: "https://shop.example.com/done" });

function expectRateHeaders(res: ApiResponse, limit: number) {
  expect(res.headers.get("ratelimit-limit"), `${res.status} ${JSON.stringify(res.body)}`).toBe(String(limit));
  expect(Number(res.headers.get("ratelimit-remaining"))).toBeGreaterThanOrEqual(0);
  expect(Number(res.headers.get("ratelimit-remaining"))).toBeLessThan(limit);
  expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(0);
}

async function orderCount(merchantId: string) {
  return (await db().select({ id: orders.id }).from(orders).where(eq(orders.merchantId, merchantId))).length;
}

describe("the GCRA budget in Redis", () => {
  it("allows the limit in a burst, then refuses with the wait, and a refusal costs nothing", async () => {
    const budget = { key: "rl:test:burst", limit: 3, periodMs: 60_000 };
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await chargeBudgets([budget]));
    expect(seen.map((d) => [d.allowed, d.reported.remaining])).toEqual([[true, 2], [true, 1], [true, 0]]);
    const refused = await chargeBudgets([budget]);
    expect(refused.allowed).toBe(false);
    // One request's worth comes back every 20 s.
    expect(refused.retryAfterMs).toBeGreaterThan(15_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(20_000);
    expect(refused.reported.resetMs).toBeGreaterThan(55_000);
    // Refused by one budget: the other is not charged.
    const other = { key: "rl:test:other", limit: 5, periodMs: 60_000 };
    expect((await chargeBudgets([other, budget])).allowed).toBe(false);
    expect((await chargeBudgets([other])).reported.remaining).toBe(4);
  });

  it("is atomic: 50 parallel charges against a budget of 10 let exactly 10 through", async () => {
    const budget = { key: "rl:test:parallel", limit: 10, periodMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 50 }, () => chargeBudgets([budget])));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});

describe("API budgets", () => {
  it("every answer carries RateLimit-Limit, -Remaining and -Reset: success, 400, 401, 404 and 405", async () => {
    setLimits({ test: 40 });
    expectRateHeaders(await call("GET", "/api/v1/goods", { key: shop.testSecretKey }), 40);
    expectRateHeaders(await call("POST", "/api/v1/goods", { key: shop.testSecretKey, body: { price: 1 } }), 40);
    const anonymous = [
      await call("GET", "/api/v1/goods"),
      await call("GET", "/api/v1/goods", { key: "sk_test_nope" }),
      await call("GET", "/api/v1/no-such-thing", { key: shop.testSecretKey }),
      await call("DELETE", "/api/v1/orders", { key: shop.testSecretKey }),
    ];
    expect(anonymous.map((r) => r.status)).toEqual([401, 401, 404, 405]);
    for (const res of anonymous) expectRateHeaders(res, 40);
  });

  it("a test key over its per-second budget gets 429 rate_limited with Retry-After; the live key has its own, larger one", async () => {
    setLimits({ test: 2, live: 1000 });
    const burst = await Promise.all(Array.from({ length: 20 }, () => call("GET", "/api/v1/goods", { key: shop.testSecretKey })));
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(burst.filter((r) => r.status === 200).length).toBeLessThan(20);
    for (const res of limited) {
      expect(res.body.error).toMatchObject({ type: "rate_limited", code: "rate_limited" });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get("ratelimit-remaining")).toBe("0");
      expect(res.headers.get("ratelimit-limit")).toBe("2");
    }
    const liveKey = await shop.liveSecretKey();
    const live = await Promise.all(Array.from({ length: 20 }, () => call("GET", "/api/v1/goods", { key: liveKey })));
    expect(live.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(live[0]!.headers.get("ratelimit-limit")).toBe("1000");
  });

  it("publishable-key creations are limited per client address: orders and checkout sessions share it, nothing is created past it", async () => {
    setLimits({ perMinute: 3 });
    const a = "198.51.100.20";
    for (let i = 0; i < 2; i++) expect((await call("POST", "/api/v1/orders", { key: shop.testPublishableKey, address: a, body: orderBody(shop) })).status).toBe(201);
    const session = await call("POST", "/api/v1/checkout-sessions", { key: shop.testPublishableKey, address: a, body: sessionBody(shop) });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expect(session.headers.get("ratelimit-limit")).toBe("3");
    expect(session.headers.get("ratelimit-remaining")).toBe("0");
    const before = await orderCount(shop.merchantId);
    // A spoofed X-Forwarded-For changes nothing: the address is the socket's.
    const refused = await call("POST", "/api/v1/orders", { key: shop.testPublishableKey, address: a, headers: { "x-forwarded-for": "203.0.113.99" }, body: orderBody(shop) });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    // 20 s until one creation's worth is back.
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(15);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(20);
    expect((await call("POST", "/api/v1/checkout-sessions", { key: shop.testPublishableKey, address: a, body: sessionBody(shop) })).status).toBe(429);
    expect(await orderCount(shop.merchantId)).toBe(before);
    // Another address, the merchant's own server (secret key), and another merchant's buyers at this address are unaffected.
    expect((await call("POST", "/api/v1/orders", { key: shop.testPublishableKey, address: "198.51.100.21", body: orderBody(shop) })).status).toBe(201);
    expect((await call("POST", "/api/v1/orders", { key: shop.testSecretKey, address: a, body: orderBody(shop) })).status).toBe(201);
    const other = await newShop(1);
    expect((await call("POST", "/api/v1/orders", { key: other.testPublishableKey, address: a, body: orderBody(other) })).status).toBe(201);
    // Reading an order by id with the publishable key is not a creation.
    expect((await call("GET", `/api/v1/orders/${session.body.orderId ?? "ord_x"}`, { key: shop.testPublishableKey, address: a })).status).not.toBe(429);
  });

  it("one IPv6 /64 is one client", async () => {
    setLimits({ perMinute: 2 });
    const key = shop.testPublishableKey;
    expect((await call("POST", "/api/v1/orders", { key, address: "2001:db8:7:7::1", body: orderBody(shop) })).status).toBe(201);
    expect((await call("POST", "/api/v1/orders", { key, address: "2001:db8:7:7::2", body: orderBody(shop) })).status).toBe(201);
    expect((await call("POST", "/api/v1/orders", { key, address: "2001:db8:7:7:ffff::3", body: orderBody(shop) })).status).toBe(429);
    expect((await call("POST", "/api/v1/orders", { key, address: "2001:db8:7:8::1", body: orderBody(shop) })).status).toBe(201);
  });

  it("channel callbacks are never limited by the merchant's budget", async () => {
    const order = (await createOrder(shop, "alipay_h5")).body;
    // Spend the key's budget for the next hour.
    const [row] = await db().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(shop.testPublishableKey)));
    const [seconds] = await redis().time();
    await redis().set(`rl:key:${row!.id}`, String((Number(seconds) + 3600) * 1000), "EX", 3600);
    expect((await call("GET", `/api/v1/orders/${order.id}`, { key: shop.testPublishableKey })).status).toBe(429);
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");
    await waitFor(async () => (await db().select({ status: orders.status }).from(orders).where(eq(orders.id, order.id)))[0]?.status === "paid");
  });
});

describe("the shared Redis client", () => {
  it("adds its error listener once, not once per use (the limiter uses it on every request)", async () => {
    for (let i = 0; i < 30; i++) await call("GET", "/api/v1/goods", { key: shop.testSecretKey });
    expect(redis().listenerCount("error")).toBe(1);
  });
});
