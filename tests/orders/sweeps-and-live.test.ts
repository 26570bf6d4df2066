import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { createOrder, eventsFor, newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { newGoods } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";
import { expireDueOrders, reconcilePendingOrders } from "../../lib/orders/sweeps";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { provisionAlipayApp, provisionWechatMerchant } from "../../lib/sandbox/provision";
import { resetConfigForTests } from "../../lib/config";

let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(1);
});
afterAll(async () => stopPaymentsEnv(env));

const rowOf = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const backdate = (id: string, set: Partial<typeof orders.$inferInsert>) => db().update(orders).set(set).where(eq(orders.id, id));

describe("worker sweeps", () => {
  it("reconciliation finds a payment whose callback never came", async () => {
    const order = (await createOrder(shop, "wechat_h5")).body;
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await simulate(env.app.base, tradeId, "pay_no_notify");
    expect((await rowOf(order.id)).status).toBe("pending");
    await backdate(order.id, { createdAt: new Date(Date.now() - 3 * 60_000) });
    const result = await reconcilePendingOrders();
    expect(result.paid).toBeGreaterThanOrEqual(1);
    expect((await rowOf(order.id)).status).toBe("paid");
  });

  it("expiry asks the channel first: a paid order becomes paid, an unpaid one is closed at the channel and here", async () => {
    const paid = (await createOrder(shop, "alipay_h5")).body;
    const paidTrade = await tradeIdFor(paid.payParams, env.app.base);
    await openCashier(paidTrade);
    await simulate(env.app.base, paidTrade, "pay_no_notify");
    const unpaid = (await createOrder(shop, "wechat_h5")).body;
    const unpaidTrade = await tradeIdFor(unpaid.payParams, env.app.base);
    const past = new Date(Date.now() - 1000);
    await backdate(paid.id, { expiresAt: past });
    await backdate(unpaid.id, { expiresAt: past });
    await expireDueOrders();
    expect((await rowOf(paid.id)).status).toBe("paid");
    expect((await rowOf(unpaid.id)).status).toBe("closed");
    expect((await createMysqlSandboxStore().getTrade(unpaidTrade))!.status).toBe("CLOSED");
    expect((await eventsFor(unpaid.id)).map((e) => e.type).sort()).toEqual(["order.closed", "order.created"]);
  });
});

describe("live mode, pointed at the sandbox through the override URLs", () => {
  it("uses the merchant's own live credentials and ALIPAY_GATEWAY / WECHATPAY_API_BASE", async () => {
    process.env.ALIPAY_GATEWAY = `${env.app.base}/sandbox/alipay/gateway.do`;
    process.env.WECHATPAY_API_BASE = `${env.app.base}/sandbox/wechatpay`;
    resetConfigForTests();
    try {
      const store = createMysqlSandboxStore();
      const liveKey = await shop.liveSecretKey();
      const ali = await provisionAlipayApp(store, { accountRef: shop.merchantId });
      const put = await call("PUT", "/api/v1/channel-accounts/alipay", {
        key: liveKey,
        body: { appId: ali.appId, privateKey: ali.appPrivateKeyPem, alipayPublicKey: ali.alipayPublicKeyPem },
      });
      expect(put.status).toBe(200);
      const wx = await provisionWechatMerchant(store, { accountRef: shop.merchantId, signingMode: "platform_certificate" });
      const { wechatPlatformCertPem } = (await store.getIdentity())!;
      const putWx = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
        key: liveKey,
        body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wechatPlatformCertPem },
      });
      expect(putWx.status, JSON.stringify(putWx.body)).toBe(200);
      expect(putWx.body.platformKeyMode).toBe("certificate");

      const goods = await newGoods(liveKey, { price: 1 });
      for (const channel of ["alipay_h5", "wechat_h5", "wechat_native", "alipay_pc", "alipay_qr"] as const) {
        const created = await call("POST", "/api/v1/orders", {
          key: liveKey,
          body: { goodsId: goods.id, quantity: 1, channel, buyerId: "live-buyer", clientIp: "203.0.113.1" },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body.livemode).toBe(true);
        const tradeId = await tradeIdFor(created.body.payParams, env.app.base);
        await openCashier(tradeId);
        await simulate(env.app.base, tradeId, "pay");
        await waitFor(async () => (await call("GET", `/api/v1/orders/${created.body.id}`, { key: liveKey })).body.status === "paid");
      }
      // Test keys never see live orders.
      expect((await call("GET", "/api/v1/orders", { key: shop.testSecretKey })).body.data.every((o: { livemode: boolean }) => !o.livemode)).toBe(true);
    } finally {
      delete process.env.ALIPAY_GATEWAY;
      delete process.env.WECHATPAY_API_BASE;
      resetConfigForTests();
    }
  });
});

/**
 * A live merchant whose WeChat Pay credentials were issued by the sandbox, with WECHATPAY_API_BASE
 * pointed at `apiBase`; `signWith` replaces the private key (a key the sandbox never issued).
 * Returns a function that places one live wechat_h5 order.
 */
async function liveWechatMerchant(apiBase: string, signWith?: string) {
  const m = await newShop(1);
  const liveKey = await m.liveSecretKey();
  process.env.WECHATPAY_API_BASE = apiBase;
  resetConfigForTests();
  const wx = await provisionWechatMerchant(createMysqlSandboxStore(), { accountRef: m.merchantId });
  await call("PUT", "/api/v1/channel-accounts/wechatpay", {
    key: liveKey,
    body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: signWith ?? wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wx.platformPublicKeyPem, platformPublicKeyId: wx.platformKeyId },
  });
  const goods = await newGoods(liveKey, { price: 1 });
  return {
    liveKey,
    order: () => call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId: goods.id, quantity: 1, channel: "wechat_h5", buyerId: "x", clientIp: "203.0.113.1" } }),
  };
}

describe("channel failures", () => {
  afterEach(() => {
    delete process.env.WECHATPAY_API_BASE;
    resetConfigForTests();
  });

  it("a channel that refuses (nothing created): 502 channel_error and the order is closed", async () => {
    // Signed with a key the sandbox never issued: it answers 401 SIGN_ERROR, a refusal.
    const stranger = await provisionWechatMerchant(createMysqlSandboxStore(), { accountRef: "someone-else" });
    const { order } = await liveWechatMerchant(`${env.app.base}/sandbox/wechatpay`, stranger.merchantPrivateKeyPem);
    const res = await order();
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ type: "channel_error", code: "channel_error", channelCode: "SIGN_ERROR" });
    expect(res.body.error.order).toMatchObject({ status: "closed", failure: { code: "SIGN_ERROR" } });
  });

  it("a channel that cannot be reached (may or may not have acted): 502 and the order stays pending", async () => {
    const { liveKey, order } = await liveWechatMerchant("http://127.0.0.1:9");
    const res = await order();
    expect(res.status).toBe(502);
    expect(res.body.error.channelCode).toBe("network_error");
    expect(res.body.error.order).toMatchObject({ status: "pending", failure: { code: "network_error" } });
    // A read while the channel is down still answers, from what we know.
    const read = await call("GET", `/api/v1/orders/${res.body.error.order.id}`, { key: liveKey });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe("pending");
  });

  it("live mode without configured credentials is a clear 400", async () => {
    const m = await newShop(1);
    const liveKey = await m.liveSecretKey();
    const goods = await newGoods(liveKey, { price: 1 });
    const res = await call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId: goods.id, quantity: 1, channel: "alipay_h5", buyerId: "x" } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "channel_not_configured", param: "channel" });
  });
});
