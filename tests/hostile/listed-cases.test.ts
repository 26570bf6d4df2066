/**
 * Issue 12 item 6: each hostile input a review reproduced as a 500. Every one must be a 4xx in the
 * contract's shape (or the sandbox's own error form), change nothing, and show no stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { call } from "../helpers/api";
import { createOrder, newShop, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, type Env, type Shop } from "../helpers/payments";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";

let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(1);
});
afterAll(async () => stopPaymentsEnv(env));

const orderCount = async () => (await db().select({ n: count() }).from(orders))[0]!.n;

function expectClientError(res: { status: number; body: any }) {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  expect(res.body.error.type).toBe("invalid_request");
  expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
}

describe("order creation refuses hostile values with a 400", () => {
  it.each([
    ["expiresAt garbage", { expiresAt: "garbage" }, "expiresAt"],
    ["expiresAt on 30 February", { expiresAt: "2030-02-30T00:00:00Z" }, "expiresAt"],
    ["expiresAt a number", { expiresAt: 12 }, "expiresAt"],
    ["a lone surrogate in buyerId", { buyerId: "buyer\ud800" }, "buyerId"],
    ["a lone surrogate in attach", { attach: "x\udfffy" }, "attach"],
  ])("%s", async (_label, extra, param) => {
    const before = await orderCount();
    const res = await createOrder(shop, "alipay_h5", extra);
    expectClientError(res);
    expect(res.body.error.param).toBe(param);
    expect(await orderCount()).toBe(before);
  });

  it("a lone surrogate sent as the raw JSON escape \\ud800 is refused too", async () => {
    const raw = `{"goodsId":"${shop.goodsId}","quantity":1,"channel":"alipay_h5","buyerId":"\\ud800","attach":"a"}`;
    const res = await call("POST", "/api/v1/orders", { key: shop.testPublishableKey, rawBody: raw, headers: { "content-type": "application/json" } });
    expectClientError(res);
    expect(res.body.error.param).toBe("buyerId");
  });

  it("a returnUrl longer than a channel can carry is a 400, not a 500 at the sandbox", async () => {
    const before = await orderCount();
    const res = await createOrder(shop, "alipay_h5", { returnUrl: `https://shop.example/back?${"q".repeat(600)}` });
    expectClientError(res);
    expect(res.body.error.param).toBe("returnUrl");
    expect(await orderCount()).toBe(before);
  });

  it("a returnUrl of Alipay's 256 characters still works end to end (the sandbox stores it)", async () => {
    const returnUrl = `https://shop.example/back?${"q".repeat(256 - 26)}`;
    expect(returnUrl.length).toBe(256);
    const res = await createOrder(shop, "alipay_h5", { returnUrl });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await tradeIdFor(res.body.payParams, env.app.base);
  });
});

describe("the sandbox cashier's form endpoint", () => {
  it.each([
    ["JSON", "application/json", '{"outcome":"success"}'],
    ["no content type", "", "outcome=success"],
    ["a broken multipart body", "multipart/form-data; boundary=zzz", "--nope"],
    ["garbage bytes", "application/x-www-form-urlencoded", "\u0000\uffff%%%"],
  ])("answers %s with a 4xx, not a 500", async (_label, type, body) => {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const res = await fetch(`${env.app.base}/sandbox/pay/sbt_doesnotexist/submit`, { method: "POST", headers, body, redirect: "manual" });
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).not.toMatch(/\bat \S+ \(|node_modules/);
  });
});
