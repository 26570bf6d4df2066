/**
 * Replacing a merchant's channel credentials while orders are in flight (issue 11, item 1). Live
 * mode pointed at the sandbox through ALIPAY_GATEWAY / WECHATPAY_API_BASE: each PUT provisions a
 * new sandbox app (Alipay) or merchant (WeChat Pay), so the old and new credentials really are
 * different keys, app ids and APIv3 keys, and the sandbox knows each trade under the ones it was
 * created with.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { eventsFor, newShop, openCashier, simulate, tradeIdFor, liveSandboxEnvForFile } from "../helpers/payments";
import { newGoods } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { channelCallbacks, channelRequests, orders } from "../../lib/db/schema";
import { expireDueOrders } from "../../lib/orders/sweeps";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { buildAlipayNotification } from "../../lib/sandbox/alipay";
import { buildWechatNotification } from "../../lib/sandbox/wechatpay";
import { provisionAlipayApp, provisionWechatMerchant } from "../../lib/sandbox/provision";
import { listCredentialVersions, loadChannelAccountOrThrow } from "../../lib/channel-accounts/channel-accounts";

/** Each test makes merchants, orders and sandbox trades over HTTP: seconds alone, far more on a loaded machine. */
const SLOW_MS = 120_000;

const env = liveSandboxEnvForFile();
const store = createMysqlSandboxStore();

type Provider = "alipay" | "wechatpay";
const channelOf: Record<Provider, "alipay_h5" | "wechat_h5"> = { alipay: "alipay_h5", wechatpay: "wechat_h5" };

/** New sandbox credentials for the merchant, PUT as its live account: a replacement when one exists. */
async function putCredentials(liveKey: string, merchantId: string, provider: Provider) {
  if (provider === "alipay") {
    const ali = await provisionAlipayApp(store, { accountRef: merchantId });
    const res = await call("PUT", "/api/v1/channel-accounts/alipay", { key: liveKey, body: { appId: ali.appId, privateKey: ali.appPrivateKeyPem, alipayPublicKey: ali.alipayPublicKeyPem } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { id: string; appId: string; credentialVersion: number };
  }
  const wx = await provisionWechatMerchant(store, { accountRef: merchantId, signingMode: "public_key" });
  const res = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
    key: liveKey,
    body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wx.platformPublicKeyPem, platformPublicKeyId: wx.platformKeyId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string; appId: string; credentialVersion: number };
}

const rowOf = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const queriesOf = async (id: string) => (await db().select().from(channelRequests).where(and(eq(channelRequests.orderId, id), eq(channelRequests.operation, "query")))).map((r) => r.result);

describe.each(["alipay", "wechatpay"] as const)("%s: credentials replaced while orders are in flight", (provider) => {
  let liveKey: string;
  let merchantId: string;
  let goodsId: string;

  async function order() {
    const res = await call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId, quantity: 1, channel: channelOf[provider], buyerId: "rotation", clientIp: "203.0.113.7" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const tradeId = await tradeIdFor(res.body.payParams, env.base());
    if (provider === "alipay") await openCashier(tradeId);
    return { id: res.body.id as string, tradeId };
  }

  /** Paid at the sandbox, the notification held back: the test decides when it arrives. */
  async function paidSilently() {
    const o = await order();
    await simulate(env.base(), o.tradeId, "pay_no_notify");
    return o;
  }

  beforeAll(async () => {
    const shop = await newShop(1);
    merchantId = shop.merchantId;
    liveKey = await shop.liveSecretKey();
    goodsId = (await newGoods(liveKey, { price: 1 })).id;
    expect((await putCredentials(liveKey, merchantId, provider)).credentialVersion).toBe(1);
  });

  it("old orders keep working with the credentials they were made with: callback, query, expiry sweep, close", async () => {
    const byCallback = await paidSilently();
    const byQuery = await paidSilently();
    const bySweep = await paidSilently();
    const unpaid = await order();
    expect((await rowOf(byCallback.id)).credentialVersion).toBe(1);

    const replaced = await putCredentials(liveKey, merchantId, provider);
    expect(replaced.credentialVersion).toBe(2);
    const account = await loadChannelAccountOrThrow({ merchantId, livemode: true }, provider);
    expect(account.version).toBe(2);
    expect(account.id).toBe(replaced.id);

    // (a) The notification is signed (Alipay) or encrypted and signed (WeChat) with the old keys.
    const trade = (await store.getTrade(byCallback.tradeId))!;
    const n = provider === "alipay" ? await buildAlipayNotification(store, trade) : await buildWechatNotification(store, trade);
    const res = await fetch(n.url, { method: "POST", body: n.body, headers: n.headers });
    expect(res.status).toBeLessThan(300);
    expect((await rowOf(byCallback.id)).status).toBe("paid");
    const [cb] = await db().select().from(channelCallbacks).where(eq(channelCallbacks.orderId, byCallback.id));
    expect(cb).toMatchObject({ verified: true, outcome: "applied" });
    expect((await eventsFor(byCallback.id)).filter((e) => e.type === "order.paid")).toHaveLength(1);

    // (b) A read asks the channel with the old credentials, which know the trade: paid.
    const read = await call("GET", `/api/v1/orders/${byQuery.id}`, { key: liveKey });
    expect(read.body.status).toBe("paid");
    expect(await queriesOf(byQuery.id)).toEqual(["paid"]);

    // (c) The expiry sweep asks with the old credentials too: paid, not closed; the unpaid one is closed at the channel.
    const past = new Date(Date.now() - 1000);
    for (const id of [bySweep.id, unpaid.id]) await db().update(orders).set({ expiresAt: past }).where(eq(orders.id, id));
    await expireDueOrders();
    expect(await rowOf(bySweep.id)).toMatchObject({ status: "paid", paidAfterClose: false });
    expect((await eventsFor(bySweep.id)).map((e) => e.type).sort()).toEqual(["order.created", "order.paid"]);
    expect((await rowOf(unpaid.id)).status).toBe("closed");
    expect((await store.getTrade(unpaid.tradeId))!.status).toBe(provider === "alipay" ? "TRADE_CLOSED" : "CLOSED");

    // New orders use the new credentials, and their callbacks verify with them.
    const fresh = await paidSilently();
    expect((await rowOf(fresh.id)).credentialVersion).toBe(2);
    expect((await store.getTrade(fresh.tradeId))!.appId).toBe(replaced.appId);
    const freshTrade = (await store.getTrade(fresh.tradeId))!;
    const fn = provider === "alipay" ? await buildAlipayNotification(store, freshTrade) : await buildWechatNotification(store, freshTrade);
    expect((await fetch(fn.url, { method: "POST", body: fn.body, headers: fn.headers })).status).toBeLessThan(300);
    expect((await rowOf(fresh.id)).status).toBe("paid");
  }, SLOW_MS);

  it("the rotation is on record: every version with its time, the current one, and the open orders each still serves", async () => {
    const pending = await order();
    await putCredentials(liveKey, merchantId, provider);
    const account = await loadChannelAccountOrThrow({ merchantId, livemode: true }, provider);
    const versions = await listCredentialVersions(account.id);
    expect(versions.map((v) => v.version)).toEqual([account.version, account.version - 1, ...Array.from({ length: account.version - 2 }, (_, i) => account.version - 2 - i)]);
    expect(versions.filter((v) => v.current).map((v) => v.version)).toEqual([account.version]);
    expect(versions[0]!.openOrders).toBe(0);
    const previous = versions[1]!;
    expect(previous.openOrders).toBeGreaterThanOrEqual(1);
    expect(previous.version).toBe((await rowOf(pending.id)).credentialVersion);
    expect(Date.parse(versions[0]!.createdAt)).toBeGreaterThan(Date.parse(previous.createdAt));
  }, SLOW_MS);
});

describe("WeChat Pay rotating its own platform key", () => {
  it("an account trusts a second platform key: a notification signed with either verifies, the header picking the key", async () => {
    const shop = await newShop(1);
    const liveKey = await shop.liveSecretKey();
    const goodsId = (await newGoods(liveKey, { price: 1 })).id;
    // WeChat still signs this merchant's notifications with the platform certificate ...
    const wx = await provisionWechatMerchant(store, { accountRef: shop.merchantId, signingMode: "platform_certificate" });
    const identity = (await store.getIdentity())!;
    const body = { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key };
    // ... while the merchant has already configured the public key that replaces it, keeping the certificate as the second key.
    const put = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
      key: liveKey,
      body: { ...body, platformPublicKey: identity.wechatPublicKeyPem, platformPublicKeyId: identity.wechatPublicKeyId, additionalPlatformPublicKey: identity.wechatPlatformCertPem },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ platformPublicKeyId: identity.wechatPublicKeyId, platformKeyMode: "public_key", additionalPlatformPublicKeyId: wx.platformKeyId });

    const created = await call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId, quantity: 1, channel: "wechat_h5", buyerId: "rotating", clientIp: "203.0.113.8" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const tradeId = await tradeIdFor(created.body.payParams, env.base());
    await simulate(env.base(), tradeId, "pay_no_notify");
    const n = await buildWechatNotification(store, (await store.getTrade(tradeId))!);
    expect(n.headers["Wechatpay-Serial"]).toBe(wx.platformKeyId);
    expect((await fetch(n.url, { method: "POST", body: n.body, headers: n.headers })).status).toBe(204);
    expect((await rowOf(created.body.id)).status).toBe("paid");

    // Refused: the same key id twice (WeChat could not say which signed), an id without its key.
    const same = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
      key: liveKey,
      body: { ...body, platformPublicKey: identity.wechatPlatformCertPem, additionalPlatformPublicKey: identity.wechatPlatformCertPem },
    });
    expect(same.status).toBe(422);
    expect(same.body.error).toMatchObject({ param: "additionalPlatformPublicKeyId" });
    const idOnly = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
      key: liveKey,
      body: { ...body, platformPublicKey: identity.wechatPlatformCertPem, additionalPlatformPublicKeyId: identity.wechatPublicKeyId },
    });
    expect(idOnly.status).toBe(422);
    expect(idOnly.body.error).toMatchObject({ param: "additionalPlatformPublicKey" });
    // Neither refusal made a version.
    expect((await loadChannelAccountOrThrow({ merchantId: shop.merchantId, livemode: true }, "wechatpay")).version).toBe(1);
  }, SLOW_MS);
});
