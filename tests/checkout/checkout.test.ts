import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { allowRedirects, eventsFor, newShop, simulate, startPaymentsEnv, stopPaymentsEnv, waitFor, type Env, type Shop } from "../helpers/payments";
import { db } from "../../lib/db/client";
import { checkoutSessions, orders } from "../../lib/db/schema";
import { createCheckoutSession } from "../../lib/checkout/sessions";
import type { DurableIdempotency } from "../../lib/api/idempotency";
import { resolveApiKey } from "../../lib/api-keys/api-keys";
import { redis } from "../../lib/redis";
import { expectOneWinnerPerKey } from "../helpers/idempotency-race";

let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(1);
});
afterAll(async () => stopPaymentsEnv(env));

async function newSession(s: Shop = shop, extra: Record<string, unknown> = {}) {
  await allowRedirects(s);
  const res = await call("POST", "/api/v1/checkout-sessions", {
    key: s.testPublishableKey,
    body: { goodsId: s.goodsId, quantity: 2, buyerId: "15705420001", attach: "cs-attach", successUrl: "https://shop.example.com/done?x=1", ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const choose = (csId: string, channel: string, headers: Record<string, string> = {}) =>
  fetch(`${env.app.base}/checkout/${csId}/pay`, { method: "POST", body: new URLSearchParams({ channel }), redirect: "manual", headers: { "x-forwarded-for": "203.0.113.8", ...headers } });

describe("checkout sessions API", () => {
  it("creates a session that fixes goods, quantity and amount; reads it back with either key", async () => {
    const cs = await newSession();
    expect(cs).toMatchObject({ object: "checkout_session", status: "open", amount: 2, currency: "CNY", quantity: 2, orderId: null, livemode: false });
    expect(cs.id).toMatch(/^cs_/);
    expect(cs.url).toBe(`${env.app.base}/checkout/${cs.id}`);
    for (const key of [shop.testSecretKey, shop.testPublishableKey]) {
      const read = await call("GET", `/api/v1/checkout-sessions/${cs.id}`, { key });
      expect(read.body).toMatchObject({ id: cs.id, amount: 2 });
    }
    const other = await newShop(1);
    expect((await call("GET", `/api/v1/checkout-sessions/${cs.id}`, { key: other.testSecretKey })).status).toBe(404);
  });

  it("a retry after the process died between a session's insert and recording its answer gets that session, even once its goods are retired; another request under the key is 409", async () => {
    const s = await newShop(1);
    await allowRedirects(s);
    const idem = "idem-crash-cs";
    const body = { goodsId: s.goodsId, quantity: 2, buyerId: "crash-buyer", successUrl: "https://shop.example.com/done" };
    const send = (b: Record<string, unknown> = body) => call("POST", "/api/v1/checkout-sessions", { key: s.testPublishableKey, body: b, headers: { "idempotency-key": idem } });
    // What Redis knows after such a crash: nothing (the answer never written, the in-progress lock lapsed).
    const { keyId } = (await resolveApiKey(s.testPublishableKey))!;
    const forget = () => redis().del(`idem:key:${keyId}:${createHash("sha256").update(idem).digest("hex")}`);
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(await forget()).toBe(1);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body).toEqual(first.body);
    // The session fixed its goods and price when it was made: retiring the goods since does not turn its retry into a 400.
    expect((await call("PATCH", `/api/v1/goods/${s.goodsId}`, { key: s.testSecretKey, body: { active: false } })).status).toBe(200);
    await forget();
    expect((await send()).body).toEqual(first.body);
    await forget();
    const other = await send({ ...body, quantity: 3 });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ type: "conflict", code: "idempotency_key_reused" });
    const rows = await db().select().from(checkoutSessions).where(eq(checkoutSessions.merchantId, s.merchantId));
    expect(rows.map((r) => r.id)).toEqual([first.body.id]);
  });

  it("requests racing under one key once its lock lapsed make one session: the same request answers it, a different one 409, never a 500", async () => {
    const s = await newShop(1);
    const owner = { merchantId: s.merchantId, livemode: false };
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    const key = sha(`race-cs-${s.merchantId}`);
    const same = { goodsId: s.goodsId, quantity: 1, buyerId: "b", successUrl: "https://shop.example.com/done" };
    const requests: Array<{ input: typeof same; idem: DurableIdempotency }> = [
      { input: same, idem: { key, fingerprint: sha("a") } },
      { input: same, idem: { key, fingerprint: sha("a") } },
      { input: { ...same, quantity: 2 }, idem: { key, fingerprint: sha("b") } },
    ];
    const answers = await Promise.allSettled(requests.map((r) => createCheckoutSession(owner, r.input, { publishableKey: false }, r.idem)));
    const rows = await db().select().from(checkoutSessions).where(eq(checkoutSessions.merchantId, s.merchantId));
    expect(rows, JSON.stringify(answers)).toHaveLength(1);
    const winner = rows[0]!;
    expectOneWinnerPerKey(requests, answers, winner);
  });

  it.each([
    [{ successUrl: "not a url" }, "successUrl"],
    [{ quantity: 0 }, "quantity"],
    [{ amount: 1 }, "amount"],
    [{ goodsId: "goods_nope" }, "id"],
  ])("rejects %j", async (extra, param) => {
    const res = await call("POST", "/api/v1/checkout-sessions", {
      key: shop.testPublishableKey,
      body: { goodsId: shop.goodsId, quantity: 1, buyerId: "b", successUrl: "https://x.example.com/", ...extra },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.error.param).toBe(param);
  });
});

describe("the hosted page's channel choice", () => {
  it("a double tap makes one order; the order carries the session's buyer, attach and fixed amount", async () => {
    const s = await newShop(300);
    const cs = await newSession(s);
    await call("PATCH", `/api/v1/goods/${s.goodsId}`, { key: s.testSecretKey, body: { price: 999 } });
    const [a, b] = await Promise.all([choose(cs.id, "alipay_h5"), choose(cs.id, "alipay_h5")]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    expect(a.headers.get("location")).toContain("/sandbox/alipay/gateway.do?");
    const rows = await db().select().from(orders).where(eq(orders.merchantId, s.merchantId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountFen: 600, buyerId: "15705420001", attach: "cs-attach", channel: "alipay_h5" });
    const [session] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, cs.id));
    expect(session!.orderId).toBe(rows[0]!.id);
  });

  it("switching channel closes the first order before making the second", async () => {
    const cs = await newSession();
    await choose(cs.id, "alipay_h5");
    const res = await choose(cs.id, "wechat_h5");
    const location = res.headers.get("location")!;
    expect(location).toContain("/sandbox/pay/sbt_");
    expect(location).toContain(`redirect_url=${encodeURIComponent(`${env.app.base}/checkout/${cs.id}/return`)}`);
    const rows = await db().select().from(orders).where(eq(orders.buyerId, "15705420001"));
    const mine = rows.filter((o) => o.returnUrl?.includes(cs.id));
    expect(mine.map((o) => `${o.channel}:${o.status}`).sort()).toEqual(["alipay_h5:closed", "wechat_h5:pending"]);
  });

  it("paying completes the session; the status endpoint then forwards to successUrl with the order id", async () => {
    const cs = await newSession();
    const res = await choose(cs.id, "wechat_h5");
    const tradeId = /sbt_[0-9A-Za-z]+/.exec(res.headers.get("location")!)![0];
    await simulate(env.app.base, tradeId, "pay");
    const state = await waitFor(async () => {
      const s = (await (await fetch(`${env.app.base}/checkout/${cs.id}/status`)).json()) as { status: string; successRedirect: string | null };
      return s.status === "paid" ? s : null;
    });
    const read = await call("GET", `/api/v1/checkout-sessions/${cs.id}`, { key: shop.testSecretKey });
    expect(read.body.status).toBe("complete");
    expect(state.successRedirect).toBe(`https://shop.example.com/done?x=1&orderId=${read.body.orderId}`);
    const paidEvent = (await eventsFor(read.body.orderId)).find((e) => e.type === "order.paid");
    expect((paidEvent!.data as { order: { buyerId: string; attach: string } }).order).toMatchObject({ buyerId: "15705420001", attach: "cs-attach" });
    // A paid session never starts another payment.
    const again = await choose(cs.id, "alipay_h5");
    expect(again.headers.get("location")).toBe(`${env.app.base}/checkout/${cs.id}`);
  });

  it("inside WeChat without an openid: OAuth through the sandbox, then a JSAPI order for that openid", async () => {
    const cs = await newSession();
    const res = await choose(cs.id, "wechat_jsapi");
    const authorize = res.headers.get("location")!;
    expect(authorize).toContain("/sandbox/wechat/connect/oauth2/authorize?");
    expect(authorize).toContain("scope=snsapi_base");
    const back = await fetch(authorize.replace("#wechat_redirect", ""), { redirect: "manual" });
    const callback = back.headers.get("location")!;
    expect(callback).toContain(`/checkout/${cs.id}/oauth?code=`);
    const jsapi = await fetch(callback, { redirect: "manual" });
    expect(jsapi.headers.get("location")).toBe(`${env.app.base}/checkout/${cs.id}/jsapi`);
    const [session] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, cs.id));
    const [order] = await db().select().from(orders).where(eq(orders.id, session!.orderId!));
    expect(order).toMatchObject({ channel: "wechat_jsapi", status: "pending" });
    expect(order!.openId).toMatch(/^o/);
    // A code is good once.
    expect((await fetch(callback, { redirect: "manual" })).headers.get("location")).toContain("error=1");
  });

  it("an expired session refuses to start a payment", async () => {
    const cs = await newSession();
    await db().update(checkoutSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(checkoutSessions.id, cs.id));
    const res = await choose(cs.id, "alipay_h5");
    expect(res.headers.get("location")).toBe(`${env.app.base}/checkout/${cs.id}`);
    expect((await call("GET", `/api/v1/checkout-sessions/${cs.id}`, { key: shop.testSecretKey })).body.status).toBe("expired");
  });
});
