/**
 * Which older credential versions a callback is still tried with (olderVersionsInUse), and what
 * that costs when callbacks fail verification. Live mode points at the sandbox through
 * ALIPAY_GATEWAY / WECHATPAY_API_BASE, so each PUT of credentials provisions a new sandbox
 * merchant: the old and new versions really have different keys.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Pool } from "mysql2/promise";
import { call } from "../helpers/api";
import { newShop, simulate, tradeIdFor, liveSandboxEnvForFile } from "../helpers/payments";
import { newGoods } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { channelCallbacks, orders, refunds } from "../../lib/db/schema";
import { newId } from "../../lib/ids";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { buildWechatRefundNotification } from "../../lib/sandbox/wechatpay";
import { provisionWechatMerchant } from "../../lib/sandbox/provision";
import { loadChannelAccountById, olderVersionsInUse, upsertChannelAccount, VERSIONS_IN_USE_TTL_MS } from "../../lib/channel-accounts/channel-accounts";

/** Merchants, orders and sandbox trades over HTTP: seconds alone, far more on a loaded machine. */
const SLOW_MS = 120_000;

const env = liveSandboxEnvForFile();
const store = createMysqlSandboxStore();
afterEach(() => {
  vi.restoreAllMocks();
});

/** New sandbox WeChat Pay credentials PUT as the merchant's live account: a new version when one exists. */
async function putWechatCredentials(liveKey: string, merchantId: string) {
  const wx = await provisionWechatMerchant(store, { accountRef: merchantId, signingMode: "public_key" });
  const res = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
    key: liveKey,
    body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wx.platformPublicKeyPem, platformPublicKeyId: wx.platformKeyId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string; credentialVersion: number };
}

const refundRow = async (id: string) => (await db().select().from(refunds).where(eq(refunds.id, id)))[0]!;

describe("a refund of an order made under replaced credentials", () => {
  it("WeChat: the REFUND.SUCCESS encrypted with the order's old APIv3 key is accepted and settles the refund", async () => {
    const shop = await newShop(1);
    const liveKey = await shop.liveSecretKey();
    const goodsId = (await newGoods(liveKey, { price: 300 })).id;
    expect((await putWechatCredentials(liveKey, shop.merchantId)).credentialVersion).toBe(1);

    // Made and paid under version 1 (the payment found by a query: no notification needed).
    const created = await call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId, quantity: 1, channel: "wechat_h5", buyerId: "refund-rotation", clientIp: "203.0.113.9" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const orderId = created.body.id as string;
    const tradeId = await tradeIdFor(created.body.payParams, env.base());
    await simulate(env.base(), tradeId, "pay_no_notify");
    expect((await call("GET", `/api/v1/orders/${orderId}`, { key: liveKey })).body.status).toBe("paid");

    // Replaced: version 1 now has no pending and no recently closed order.
    const replaced = await putWechatCredentials(liveKey, shop.merchantId);
    expect(replaced.credentialVersion).toBe(2);
    const callbackUrl = `${env.base()}/api/callbacks/wechatpay/${replaced.id}`;

    // A forged callback first: the account's answer is now memoised, from before the refund exists.
    const forged = await fetch(callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "Wechatpay-Serial": "PUB_KEY_ID_0", "Wechatpay-Timestamp": String(Math.floor(Date.now() / 1000)), "Wechatpay-Nonce": "n", "Wechatpay-Signature": "AAAA" },
      body: JSON.stringify({ id: "forged", event_type: "REFUND.SUCCESS", resource: { ciphertext: "AAAA", nonce: "n", associated_data: "refund" } }),
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);

    // The refund stays processing at WeChat, so the sandbox sends nothing on its own.
    await simulate(env.base(), tradeId, "refund", { refund: "processing", delaySeconds: 600 });
    const refund = await call("POST", "/api/v1/refunds", { key: liveKey, body: { orderId, amount: 120 } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body.status).toBe("pending");
    const refundId = refund.body.id as string;

    // WeChat's notification once it is done: encrypted with version 1's APIv3 key (the trade's merchant).
    const trade = (await store.getTrade(tradeId))!;
    const sandboxRefund = (await store.findRefund("wechatpay", trade.mchid!, refundId))!;
    const n = await buildWechatRefundNotification(store, trade, { ...sandboxRefund, status: "SUCCESS", successAt: new Date() });
    expect(n.url).toBe(callbackUrl);
    const res = await fetch(n.url, { method: "POST", headers: n.headers, body: n.body });
    expect(res.status).toBe(204);

    expect(await refundRow(refundId)).toMatchObject({ status: "succeeded", channelRefundNo: sandboxRefund.providerRefundNo });
    const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ status: "paid", credentialVersion: 1, amountRefundedFen: 120 });
    const verified = await db().select().from(channelCallbacks).where(and(eq(channelCallbacks.orderId, orderId), eq(channelCallbacks.verified, true)));
    expect(verified.map((c) => c.outcome)).toEqual(["applied"]);
  }, SLOW_MS);
});

describe("olderVersionsInUse: one query per account and current version for a few seconds", () => {
  /** How many statements naming the account (by its id) `fn` sent to MariaDB. */
  async function queriesDuring(accountId: string, fn: () => Promise<unknown>): Promise<number> {
    // drizzle's mysql2 driver sends every statement through the pool's query().
    const pool = (db() as unknown as { $client: Pool }).$client;
    const spy = vi.spyOn(pool, "query");
    try {
      await fn();
      return spy.mock.calls.filter((args: unknown[]) => Array.isArray(args[1]) && args[1].includes(accountId)).length;
    } finally {
      spy.mockRestore();
    }
  }

  it("concurrent and repeated calls share one query; a new current version, or the TTL passing, asks again", async () => {
    const shop = await newShop(1);
    const owner = { merchantId: shop.merchantId, livemode: true };
    // Credentials the channel never sees: only their versions matter here.
    const prepared = (n: number) => ({ publicConfig: { appId: `wx-${n}`, mchId: `mch-${n}` }, secrets: { privateKey: "k", apiV3Key: `key-${n}`.padEnd(32, "0") } });
    const { id } = await upsertChannelAccount(owner, "wechatpay", prepared(1));
    await db().insert(orders).values({
      id: newId("ord"),
      merchantId: shop.merchantId,
      livemode: true,
      goodsId: shop.goodsId,
      quantity: 1,
      unitPriceFen: 1,
      amountFen: 1,
      channel: "wechat_h5",
      channelAccountId: id,
      credentialVersion: 1,
      buyerId: "memo",
      expiresAt: new Date(Date.now() + 3600_000),
    });
    await upsertChannelAccount(owner, "wechatpay", prepared(2));
    const v2 = (await loadChannelAccountById(id))!;
    expect(v2.version).toBe(2);

    let answers: Awaited<ReturnType<typeof olderVersionsInUse>>[] = [];
    const first = await queriesDuring(id, async () => {
      answers = await Promise.all(Array.from({ length: 20 }, () => olderVersionsInUse(v2)));
      for (let i = 0; i < 5; i++) answers.push(await olderVersionsInUse(v2));
    });
    expect(answers).toHaveLength(25);
    for (const a of answers) expect(a.map((v) => v.version)).toEqual([1]);
    expect(answers[0]![0]!.secrets.apiV3Key).toBe(prepared(1).secrets.apiV3Key);
    expect(first).toBe(1);

    // A replacement changes the current version: the old answer is not used for it.
    await upsertChannelAccount(owner, "wechatpay", prepared(3));
    const v3 = (await loadChannelAccountById(id))!;
    expect(v3.version).toBe(3);
    expect(await queriesDuring(id, async () => expect((await olderVersionsInUse(v3)).map((v) => v.version)).toEqual([1]))).toBe(1);
    expect(await queriesDuring(id, async () => expect((await olderVersionsInUse(v3)).map((v) => v.version)).toEqual([1]))).toBe(0);

    // Past the TTL the answer is read again.
    const later = Date.now() + VERSIONS_IN_USE_TTL_MS + 1;
    vi.spyOn(Date, "now").mockReturnValue(later);
    expect(await queriesDuring(id, () => olderVersionsInUse(v3))).toBe(1);
  }, SLOW_MS);
});
