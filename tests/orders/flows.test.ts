import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { resolveApiKey } from "../../lib/api-keys/api-keys";
import { redis } from "../../lib/redis";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";
import {
  createOrder,
  eventsFor,
  newShop,
  openCashier,
  simulate,
  sleep,
  startPaymentsEnv,
  stopPaymentsEnv,
  tradeIdFor,
  waitFor,
  type Channel,
  type Env,
  type Shop,
} from "../helpers/payments";

let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(1);
});
afterAll(async () => stopPaymentsEnv(env));

const CHANNELS: Channel[] = ["alipay_h5", "wechat_h5", "wechat_jsapi", "wechat_native", "alipay_pc", "alipay_qr"];

async function readOrder(id: string, key = shop.testSecretKey) {
  const res = await call("GET", `/api/v1/orders/${id}`, { key });
  expect(res.status).toBe(200);
  return res.body;
}

describe.each(CHANNELS)("%s in test mode", (channel) => {
  it("prepay → sandbox pay → callback → paid; one order.created and one order.paid", async () => {
    const created = await createOrder(shop, channel);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const order = created.body;
    expect(order).toMatchObject({
      object: "order",
      livemode: false,
      status: "pending",
      goodsId: shop.goodsId,
      quantity: 1,
      amount: 1,
      currency: "CNY",
      channel,
      buyerId: "15705420001",
      attach: "xxxxxx",
      paidAt: null,
    });
    expect(order.id).toMatch(/^ord_/);
    if (channel === "alipay_h5") expect(order.payParams.payUrl).toContain("/sandbox/alipay/gateway.do?");
    if (channel === "wechat_h5") expect(order.payParams.h5Url).toContain("/sandbox/pay/sbt_");
    if (channel === "wechat_native") expect(order.payParams).toEqual({ codeUrl: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=/) });
    if (channel === "alipay_pc") expect(new URL(order.payParams.payUrl).searchParams.get("method")).toBe("alipay.trade.page.pay");
    if (channel === "alipay_qr") expect(order.payParams).toEqual({ qrCode: expect.stringContaining("/sandbox/pay/sbt_") });
    if (channel === "wechat_jsapi") {
      expect(Object.keys(order.payParams).sort()).toEqual(["appId", "nonceStr", "package", "paySign", "signType", "timeStamp"]);
      expect(order.payParams.signType).toBe("RSA");
    }
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");
    const paid = await waitFor(async () => {
      const o = await readOrder(order.id, shop.testPublishableKey);
      return o.status === "paid" ? o : null;
    });
    expect(paid.paidAt).toBeTruthy();
    expect(paid.channelTradeNo).toBeTruthy();
    expect(paid.amount).toBe(1);
    await sleep(300);
    const types = (await eventsFor(order.id)).map((e) => e.type).sort();
    expect(types).toEqual(["order.created", "order.paid"]);
  });

  it("pay but never notify: found by the query", async () => {
    const order = (await createOrder(shop, channel)).body;
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay_no_notify");
    await sleep(300);
    const o = await readOrder(order.id);
    expect(o.status).toBe("paid");
    expect(o.channelTradeNo).toBeTruthy();
    expect((await eventsFor(order.id)).filter((e) => e.type === "order.paid")).toHaveLength(1);
  });

  it("notify twice: still one transition and one order.paid", async () => {
    const order = (await createOrder(shop, channel)).body;
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "notify_twice");
    await waitFor(async () => (await readOrder(order.id)).status === "paid");
    await sleep(1500);
    expect((await eventsFor(order.id)).filter((e) => e.type === "order.paid")).toHaveLength(1);
  });

  it("reject: the order stays pending; closing it closes it at the channel and here", async () => {
    const order = (await createOrder(shop, channel)).body;
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "reject");
    expect((await readOrder(order.id)).status).toBe("pending");
    const closed = await call("POST", `/api/v1/orders/${order.id}/close`, { key: shop.testSecretKey });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: "closed" });
    expect(closed.body.closedAt).toBeTruthy();
    const again = await call("POST", `/api/v1/orders/${order.id}/close`, { key: shop.testSecretKey });
    expect(again.status).toBe(200);
    expect((await eventsFor(order.id)).map((e) => e.type).sort()).toEqual(["order.closed", "order.created"]);
  });

  it("close of an order the buyer already paid answers 409 order_already_paid and marks it paid", async () => {
    const order = (await createOrder(shop, channel)).body;
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "notify_delayed", { delaySeconds: 3600 });
    const res = await call("POST", `/api/v1/orders/${order.id}/close`, { key: shop.testSecretKey });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("order_already_paid");
    expect(res.body.error.order).toMatchObject({ id: order.id, status: "paid" });
    // The late notification (3600 s sandbox time = 3.6 s here) changes nothing more.
    await sleep(4500);
    const types = (await eventsFor(order.id)).map((e) => e.type).sort();
    expect(types).toEqual(["order.created", "order.paid"]);
  });
});

describe("paid after close", () => {
  it("an Alipay buyer who pays after the merchant closed: paid with paidAfterClose and order.paid", async () => {
    const order = (await createOrder(shop, "alipay_h5")).body;
    // Closed before the buyer opened the page: Alipay has no trade yet, so the pay URL still works.
    const closed = await call("POST", `/api/v1/orders/${order.id}/close`, { key: shop.testSecretKey });
    expect(closed.body.status).toBe("closed");
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");
    const o = await waitFor(async () => {
      const r = await readOrder(order.id);
      return r.status === "paid" ? r : null;
    });
    expect(o.paidAfterClose).toBe(true);
    const types = (await eventsFor(order.id)).map((e) => e.type);
    expect(types.sort()).toEqual(["order.closed", "order.created", "order.paid"]);
  });
});

describe("prices and amounts", () => {
  it("computes the amount from the goods; a later price change leaves existing orders alone", async () => {
    const s = await newShop(250);
    const first = (await createOrder(s, "alipay_h5", { quantity: 3 })).body;
    expect(first.amount).toBe(750);
    expect((await call("PATCH", `/api/v1/goods/${s.goodsId}`, { key: s.testSecretKey, body: { price: 999 } })).status).toBe(200);
    expect((await readOrder(first.id, s.testSecretKey)).amount).toBe(750);
    const second = (await createOrder(s, "alipay_h5", { quantity: 2 })).body;
    expect(second.amount).toBe(1998);
  });

  it.each([
    [{ amount: 5 }, "parameter_unknown", "amount"],
    [{ quantity: 0 }, "parameter_invalid", "quantity"],
    [{ quantity: 1000 }, "parameter_invalid", "quantity"],
    [{ quantity: 1.5 }, "parameter_invalid", "quantity"],
    [{ channel: "paypal" }, "parameter_invalid", "channel"],
    [{ attach: "x".repeat(1025) }, "parameter_invalid", "attach"],
    [{ channel: "wechat_jsapi", openId: undefined }, "parameter_invalid", "openId"],
    [{ buyerId: "" }, "parameter_invalid", "buyerId"],
    [{ expiresAt: "2020-01-01T00:00:00Z" }, "parameter_invalid", "expiresAt"],
    [{ returnUrl: "javascript:alert(1)" }, "parameter_invalid", "returnUrl"],
  ])("rejects %j and creates nothing", async (extra, code, param) => {
    const s = await newShop(1);
    const res = await createOrder(s, "alipay_h5", extra);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, param });
    expect((await call("GET", "/api/v1/orders", { key: s.testSecretKey })).body.data).toHaveLength(0);
  });

  it("refuses retired goods and another merchant's goods", async () => {
    const s = await newShop(1);
    await call("PATCH", `/api/v1/goods/${s.goodsId}`, { key: s.testSecretKey, body: { active: false } });
    const retired = await createOrder(s, "alipay_h5");
    expect(retired.status).toBe(400);
    expect(retired.body.error.code).toBe("goods_inactive");
    const other = await newShop(1);
    const foreign = await createOrder({ ...other, goodsId: shop.goodsId }, "alipay_h5");
    expect(foreign.status).toBe(404);
  });
});

describe("reading orders", () => {
  it("lists with filters for the secret key only; another merchant sees nothing", async () => {
    const s = await newShop(1);
    const a = (await createOrder(s, "alipay_h5", { buyerId: "b1" })).body;
    const b = (await createOrder(s, "wechat_h5", { buyerId: "b2" })).body;
    const all = await call("GET", "/api/v1/orders", { key: s.testSecretKey });
    expect(all.body.data.map((o: { id: string }) => o.id)).toEqual([b.id, a.id]);
    const byBuyer = await call("GET", "/api/v1/orders?buyerId=b1", { key: s.testSecretKey });
    expect(byBuyer.body.data.map((o: { id: string }) => o.id)).toEqual([a.id]);
    const byStatus = await call("GET", "/api/v1/orders?status=paid", { key: s.testSecretKey });
    expect(byStatus.body.data).toHaveLength(0);
    expect((await call("GET", "/api/v1/orders", { key: s.testPublishableKey })).status).toBe(403);
    const other = await newShop(1);
    expect((await call("GET", `/api/v1/orders/${a.id}`, { key: other.testPublishableKey })).status).toBe(404);
    expect((await call("GET", `/api/v1/orders/${a.id}`, { key: other.testSecretKey })).status).toBe(404);
    expect((await call("POST", `/api/v1/orders/${a.id}/close`, { key: other.testSecretKey })).status).toBe(404);
    expect((await call("POST", `/api/v1/orders/${a.id}/close`, { key: s.testPublishableKey })).status).toBe(403);
  });

  it("a retry after the process died between a remote channel order's commit and the channel's answer finishes that order at the channel", async () => {
    const m = await newShop(1);
    const body = { goodsId: m.goodsId, quantity: 1, channel: "alipay_qr", buyerId: "u1" };
    const send = () => call("POST", "/api/v1/orders", { key: m.testPublishableKey, body, headers: { "idempotency-key": "idem-crash-qr" } });
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // The state such a crash leaves: the order committed, the channel's answer never stored, no answer in Redis.
    await db().update(orders).set({ payParams: null, channelTradeNo: null }).where(eq(orders.id, first.body.id));
    const { keyId } = (await resolveApiKey(m.testPublishableKey))!;
    await redis().del(`idem:key:${keyId}:${createHash("sha256").update("idem-crash-qr").digest("hex")}`);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.payParams?.qrCode).toBe(first.body.payParams.qrCode);
    expect((await db().select().from(orders).where(eq(orders.id, first.body.id)))[0]!.payParams).toEqual(first.body.payParams);
  });

  it("replays an order creation under the same Idempotency-Key: one order", async () => {
    const s = await newShop(1);
    const body = { goodsId: s.goodsId, quantity: 1, channel: "alipay_h5", buyerId: "u1" };
    const first = await call("POST", "/api/v1/orders", { key: s.testPublishableKey, body, headers: { "idempotency-key": "order-1" } });
    const second = await call("POST", "/api/v1/orders", { key: s.testPublishableKey, body, headers: { "idempotency-key": "order-1" } });
    expect(second.body.id).toBe(first.body.id);
    expect((await call("GET", "/api/v1/orders", { key: s.testSecretKey })).body.data).toHaveLength(1);
  });
});
