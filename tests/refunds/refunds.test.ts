import { createHash, createSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { createOrder, eventsFor, newShop, openCashier, simulate, sleep, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Channel, type Env, type Shop } from "../helpers/payments";
import { newGoods } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { channelCallbacks, channelRequests, orders, refunds, sandboxRefunds } from "../../lib/db/schema";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { buildWechatRefundNotification } from "../../lib/sandbox/wechatpay";
import { provisionAlipayApp, provisionWechatMerchant } from "../../lib/sandbox/provision";
import { settlePendingRefunds } from "../../lib/refunds/sweeps";
import { resetConfigForTests } from "../../lib/config";
import { refundSchema } from "../../lib/refunds/schemas";
import { createRefund } from "../../lib/refunds/create-refund";
import { beginIdempotent, type DurableIdempotency } from "../../lib/api/idempotency";
import { resolveApiKey } from "../../lib/api-keys/api-keys";
import { redis } from "../../lib/redis";
import { newId } from "../../lib/ids";
import { expectOneWinnerPerKey } from "../helpers/idempotency-race";

let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(100);
});
afterAll(async () => stopPaymentsEnv(env));

const orderRow = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const refundRow = async (id: string) => (await db().select().from(refunds).where(eq(refunds.id, id)))[0]!;

/** A paid test-mode order of `channel` (its sandbox trade paid without a notification, settled by a read). */
async function paidOrder(channel: Channel, s: Shop = shop) {
  const order = (await createOrder(s, channel)).body;
  const tradeId = await tradeIdFor(order.payParams, env.app.base);
  await openCashier(tradeId);
  await simulate(env.app.base, tradeId, "pay_no_notify");
  const read = await call("GET", `/api/v1/orders/${order.id}`, { key: s.testSecretKey });
  expect(read.body.status).toBe("paid");
  return { order: read.body as { id: string; amount: number; amountRefunded: number }, tradeId };
}

/** What Redis knows after a process died between a refund's commit and recording its answer: nothing (the answer never written, the in-progress lock lapsed). */
async function forgetAnswer(key: string, idempotencyKey: string): Promise<number> {
  const { keyId } = (await resolveApiKey(key))!;
  return redis().del(`idem:key:${keyId}:${createHash("sha256").update(idempotencyKey).digest("hex")}`);
}
const channelRefundsOf = async (tradeId: string) => db().select().from(sandboxRefunds).where(eq(sandboxRefunds.tradeId, tradeId));

const refund = (body: Record<string, unknown>, key = shop.testSecretKey, headers: Record<string, string> = {}) => call("POST", "/api/v1/refunds", { key, body, headers });
const getRefund = (id: string, key = shop.testSecretKey) => call("GET", `/api/v1/refunds/${id}`, { key });

describe("POST /api/v1/refunds", () => {
  it("a full refund (Alipay): default amount = the order's, succeeded at once, amountRefunded, refund.succeeded; the TRADE_CLOSED refund notification leaves the order paid", async () => {
    const { order } = await paidOrder("alipay_h5");
    const res = await refund({ orderId: order.id, reason: "买家退货" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(refundSchema.parse(res.body)).toMatchObject({ orderId: order.id, amount: 100, currency: "CNY", reason: "买家退货", status: "succeeded", livemode: false });
    expect(res.body.id).toMatch(/^re_/);
    const read = await call("GET", `/api/v1/orders/${order.id}`, { key: shop.testSecretKey });
    expect(read.body).toMatchObject({ status: "paid", amountRefunded: 100 });
    // Alipay's wap refund notification (trade_status TRADE_CLOSED, refund_fee 1.00) reaches our callback…
    const cb = await waitFor(async () => (await db().select().from(channelCallbacks).where(eq(channelCallbacks.orderId, order.id))).find((c) => c.rawBody.includes("refund_fee")));
    expect(cb.verified).toBe(true);
    expect(cb.rawBody).toContain("trade_status=TRADE_CLOSED");
    // …and is never taken for an unpaid close.
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", amountRefundedFen: 100 });
    const types = (await eventsFor(order.id)).map((e) => e.type);
    expect(types.filter((t) => t === "refund.succeeded")).toHaveLength(1);
    expect(types).not.toContain("order.closed");
  });

  it("partial refunds: two summing to the amount succeed, a third is refused 422 refund_exceeds_amount (WeChat, settled by its notification)", async () => {
    const { order } = await paidOrder("wechat_h5");
    const first = await refund({ orderId: order.id, amount: 30 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 30, status: "pending" });
    const second = await refund({ orderId: order.id });
    expect(second.body).toMatchObject({ amount: 70 });
    const third = await refund({ orderId: order.id, amount: 1 });
    expect(third.status).toBe(422);
    expect(third.body.error).toMatchObject({ type: "invalid_request", code: "refund_exceeds_amount", param: "amount", refundable: 0 });
    for (const r of [first.body.id, second.body.id]) await waitFor(async () => (await refundRow(r)).status === "succeeded");
    expect((await call("GET", `/api/v1/orders/${order.id}`, { key: shop.testSecretKey })).body.amountRefunded).toBe(100);
    const list = await call("GET", `/api/v1/refunds?orderId=${order.id}`, { key: shop.testSecretKey });
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([second.body.id, first.body.id]);
  });

  it("20 concurrent refund requests never exceed the amount", async () => {
    const { order } = await paidOrder("wechat_h5");
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund({ orderId: order.id, amount: 30 })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(17);
    expect(answers.every((a) => a.status === 201 || a.status === 422)).toBe(true);
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(rows.reduce((sum, r) => sum + r.amountFen, 0)).toBe(90);
    expect((await orderRow(order.id)).refundReservedFen).toBe(90);
  });

  it("an unpaid order is refused 409 order_not_paid; another merchant's order is a 404; bad input is a 400 that changes nothing", async () => {
    const pending = (await createOrder(shop, "wechat_h5")).body;
    const res = await refund({ orderId: pending.id });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ type: "conflict", code: "order_not_paid" });
    const other = await newShop(100);
    const { order } = await paidOrder("wechat_h5", other);
    expect((await refund({ orderId: order.id })).status).toBe(404);
    expect((await refund({ orderId: order.id, amount: 0 }, other.testSecretKey)).body.error).toMatchObject({ code: "parameter_invalid", param: "amount" });
    expect((await refund({ orderId: order.id, amount: 1.5 }, other.testSecretKey)).status).toBe(400);
    expect((await refund({ orderId: order.id, surprise: 1 }, other.testSecretKey)).body.error.code).toBe("parameter_unknown");
    expect((await refund({ orderId: order.id }, other.testPublishableKey)).status).toBe(403);
    expect(await db().select().from(refunds).where(eq(refunds.orderId, order.id))).toHaveLength(0);
  });

  it("honours Idempotency-Key: the same request twice is one refund", async () => {
    const { order } = await paidOrder("wechat_h5");
    const headers = { "Idempotency-Key": `refund-${order.id}` };
    const a = await refund({ orderId: order.id, amount: 10 }, shop.testSecretKey, headers);
    const b = await refund({ orderId: order.id, amount: 10 }, shop.testSecretKey, headers);
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(await db().select().from(refunds).where(eq(refunds.orderId, order.id))).toHaveLength(1);
  });

  it("a retry after the process died between a partial refund's commit and recording its answer gets that refund: one out_refund_no at the channel; another request under the key is 409", async () => {
    const { order, tradeId } = await paidOrder("alipay_h5");
    const idem = `idem-crash-${order.id}`;
    const body = { orderId: order.id, amount: 30 };
    const send = (b: Record<string, unknown> = body) => refund(b, shop.testSecretKey, { "Idempotency-Key": idem });
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ amount: 30, status: "succeeded" });
    expect(await forgetAnswer(shop.testSecretKey, idem)).toBe(1);
    // 70 fen are still refundable: without the stored key this retry was a second refund of 30.
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body).toEqual(first.body);
    await forgetAnswer(shop.testSecretKey, idem);
    const other = await send({ ...body, amount: 40 });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ type: "conflict", code: "idempotency_key_reused" });
    expect((await db().select().from(refunds).where(eq(refunds.orderId, order.id))).map((r) => r.id)).toEqual([first.body.id]);
    expect((await channelRefundsOf(tradeId)).map((r) => r.outRefundNo)).toEqual([first.body.id]);
    expect(await orderRow(order.id)).toMatchObject({ refundReservedFen: 30, amountRefundedFen: 30 });
  });

  it("a retry of a refund committed but never sent (the process died before the channel call) sends that refund, under its own id, once", async () => {
    const { order, tradeId } = await paidOrder("wechat_h5");
    const idem = `idem-unsent-${order.id}`;
    const body = { orderId: order.id, amount: 25 };
    // The state such a crash leaves: the amount reserved and the refund recorded under the key, in
    // one transaction as createRefund does, and nothing at the channel or in Redis.
    const { keyId } = (await resolveApiKey(shop.testSecretKey))!;
    const begun = await beginIdempotent(`key:${keyId}`, idem, { method: "POST", path: "/api/v1/refunds", body });
    if (begun.kind !== "proceed") throw new Error("expected a fresh key");
    await begun.abandon();
    const id = newId("re");
    await db().transaction(async (tx) => {
      await tx.update(orders).set({ refundReservedFen: 25 }).where(eq(orders.id, order.id));
      await tx.insert(refunds).values({
        id, merchantId: shop.merchantId, livemode: false, orderId: order.id, amountFen: 25, currency: "CNY", reason: null, status: "pending",
        idempotencyKey: begun.durable.key, idempotencyFingerprint: begun.durable.fingerprint,
      });
    });
    const retry = await refund(body, shop.testSecretKey, { "Idempotency-Key": idem });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body).toMatchObject({ id, amount: 25 });
    expect((await refundRow(id)).submittedAt).not.toBeNull();
    // The sweep, which also sends unsent refunds, finds nothing more to send.
    await settlePendingRefunds();
    await waitFor(async () => (await refundRow(id)).status === "succeeded");
    expect((await channelRefundsOf(tradeId)).map((r) => [r.outRefundNo, r.amountFen])).toEqual([[id, 25]]);
    expect((await db().select().from(refunds).where(eq(refunds.orderId, order.id))).map((r) => r.id)).toEqual([id]);
    expect(await orderRow(order.id)).toMatchObject({ refundReservedFen: 25, amountRefundedFen: 25 });
  });

  it("requests racing under one key once its lock lapsed make one refund: the same request answers the winner's refund, a different one 409, never a 500", async () => {
    const owner = { merchantId: shop.merchantId, livemode: false };
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    // A partial refund (a loser's reservation fits, its insert hits the unique key) and a full one
    // (the winner left nothing refundable, so a loser is refused on the amount first).
    for (const amount of [30, undefined]) {
      const { order, tradeId } = await paidOrder("wechat_h5");
      const key = sha(`race-${order.id}`);
      const same = { orderId: order.id, ...(amount ? { amount } : {}) };
      const requests: Array<{ input: typeof same; idem: DurableIdempotency }> = [
        { input: same, idem: { key, fingerprint: sha("a") } },
        { input: same, idem: { key, fingerprint: sha("a") } },
        { input: { orderId: order.id, amount: 1 }, idem: { key, fingerprint: sha("b") } },
      ];
      const answers = await Promise.allSettled(requests.map((r) => createRefund(owner, r.input, r.idem)));
      const rows = await db().select().from(refunds).where(eq(refunds.orderId, order.id));
      expect(rows, JSON.stringify(answers)).toHaveLength(1);
      const winner = rows[0]!;
      expectOneWinnerPerKey(requests, answers, winner);
      expect((await channelRefundsOf(tradeId)).map((r) => r.outRefundNo)).toEqual([winner.id]);
    }
  });

  it("a failed refund (WeChat ABNORMAL) gives its amount back and sends refund.failed", async () => {
    const { order, tradeId } = await paidOrder("wechat_h5");
    await simulate(env.app.base, tradeId, "refund", { refund: "fail" });
    const res = await refund({ orderId: order.id });
    await waitFor(async () => (await refundRow(res.body.id)).status === "failed");
    expect(await refundRow(res.body.id)).toMatchObject({ failureCode: "ABNORMAL" });
    expect(await orderRow(order.id)).toMatchObject({ refundReservedFen: 0, amountRefundedFen: 0, status: "paid" });
    expect((await eventsFor(order.id)).map((e) => e.type)).toContain("refund.failed");
    await simulate(env.app.base, tradeId, "refund", { refund: "succeed" });
    expect((await refund({ orderId: order.id })).status).toBe(201);
  });
});

describe("settling pending refunds", () => {
  it("Alipay: a refund that stays processing is settled by the query on read (GET asks the channel)", async () => {
    const { order, tradeId } = await paidOrder("alipay_h5");
    await simulate(env.app.base, tradeId, "refund", { refund: "processing", delaySeconds: 2 });
    const res = await refund({ orderId: order.id, amount: 40 });
    expect(res.body.status).toBe("pending");
    expect((await getRefund(res.body.id)).body.status).toBe("pending");
    await sleep(3_100);
    const read = await getRefund(res.body.id);
    expect(read.body).toMatchObject({ status: "succeeded", amount: 40 });
    expect(read.body.succeededAt).not.toBeNull();
  });

  it("Alipay: the sweep settles a pending refund by query, and two refunds of one order keep Alipay's 3 s apart", async () => {
    const { order, tradeId } = await paidOrder("alipay_h5");
    await simulate(env.app.base, tradeId, "refund", { refund: "processing", delaySeconds: 1 });
    const a = await refund({ orderId: order.id, amount: 10 });
    const b = await refund({ orderId: order.id, amount: 10 });
    await sleep(1_100);
    await db().update(refunds).set({ lastSyncedAt: new Date(Date.now() - 60_000) }).where(eq(refunds.orderId, order.id));
    // The sweep (the worker runs the same function every 15 s) sends what never reached Alipay and queries the rest.
    await waitFor(async () => {
      await settlePendingRefunds();
      return (await refundRow(a.body.id)).status === "succeeded" && (await refundRow(b.body.id)).status === "succeeded";
    }, 30_000);
    expect((await orderRow(order.id)).amountRefundedFen).toBe(20);
    // Every refund call to Alipay for this trade came at least 3 s after the previous one.
    const calls = (await db().select().from(channelRequests).where(and(eq(channelRequests.orderId, order.id), eq(channelRequests.operation, "refund")))).map((r) => r.at.getTime()).sort((x, y) => x - y);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(2_990);
  });

  it("WeChat: a verified REFUND.SUCCESS notification settles the refund; a forged one is refused and changes nothing", async () => {
    const { order, tradeId } = await paidOrder("wechat_h5");
    await simulate(env.app.base, tradeId, "refund", { refund: "processing", delaySeconds: 600 });
    const res = await refund({ orderId: order.id, amount: 25 });
    expect(res.body.status).toBe("pending");
    const store = createMysqlSandboxStore();
    const trade = (await store.getTrade(tradeId))!;
    const sandboxRefund = (await store.findRefund("wechatpay", trade.mchid!, res.body.id))!;
    // The REFUND.SUCCESS WeChat will send once it is done, signed and encrypted by the sandbox (its own
    // delivery keeps waiting: the refund is still processing there).
    const n = await buildWechatRefundNotification(store, trade, { ...sandboxRefund, status: "SUCCESS", successAt: new Date() });

    const stranger = await provisionWechatMerchant(store, { accountRef: "stranger" });
    const forgedHeaders = { ...n.headers };
    const signed = `${n.headers["Wechatpay-Timestamp"]}\n${n.headers["Wechatpay-Nonce"]}\n${n.body}\n`;
    forgedHeaders["Wechatpay-Signature"] = createSign("RSA-SHA256").update(signed).sign(stranger.merchantPrivateKeyPem, "base64");
    const forged = await fetch(n.url, { method: "POST", headers: forgedHeaders, body: n.body });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await refundRow(res.body.id)).status).toBe("pending");

    const genuine = await fetch(n.url, { method: "POST", headers: n.headers, body: n.body });
    expect(genuine.status).toBe(204);
    expect(await refundRow(res.body.id)).toMatchObject({ status: "succeeded", channelRefundNo: sandboxRefund.providerRefundNo });
    const cbs = await db().select().from(channelCallbacks).where(and(eq(channelCallbacks.orderId, order.id), eq(channelCallbacks.verified, true)));
    expect(cbs.some((c) => c.outcome === "applied")).toBe(true);
    // The provider's duplicate is acknowledged and changes nothing.
    expect((await fetch(n.url, { method: "POST", headers: n.headers, body: n.body })).status).toBe(204);
    expect((await eventsFor(order.id)).filter((e) => e.type === "refund.succeeded")).toHaveLength(1);
    expect((await orderRow(order.id)).amountRefundedFen).toBe(25);
  });
});

describe("live mode, against the live-mode fakes (the sandbox behind ALIPAY_GATEWAY / WECHATPAY_API_BASE)", () => {
  it("refunds with the merchant's live credentials on both providers", async () => {
    process.env.ALIPAY_GATEWAY = `${env.app.base}/sandbox/alipay/gateway.do`;
    process.env.WECHATPAY_API_BASE = `${env.app.base}/sandbox/wechatpay`;
    resetConfigForTests();
    try {
      const live = await newShop(1);
      const liveKey = await live.liveSecretKey();
      const store = createMysqlSandboxStore();
      const ali = await provisionAlipayApp(store, { accountRef: live.merchantId });
      expect((await call("PUT", "/api/v1/channel-accounts/alipay", { key: liveKey, body: { appId: ali.appId, privateKey: ali.appPrivateKeyPem, alipayPublicKey: ali.alipayPublicKeyPem } })).status).toBe(200);
      const wx = await provisionWechatMerchant(store, { accountRef: live.merchantId });
      const putWx = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
        key: liveKey,
        body: { appId: wx.appid, mchId: wx.mchid, serialNo: wx.serialNo, privateKey: wx.merchantPrivateKeyPem, apiV3Key: wx.apiV3Key, platformPublicKey: wx.platformPublicKeyPem, platformPublicKeyId: wx.platformKeyId },
      });
      expect(putWx.status, JSON.stringify(putWx.body)).toBe(200);
      const goods = await newGoods(liveKey, { price: 500 });
      for (const channel of ["alipay_h5", "wechat_h5"] as const) {
        const created = await call("POST", "/api/v1/orders", { key: liveKey, body: { goodsId: goods.id, quantity: 1, channel, buyerId: "live-buyer", clientIp: "203.0.113.1" } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const tradeId = await tradeIdFor(created.body.payParams, env.app.base);
        await openCashier(tradeId);
        await simulate(env.app.base, tradeId, "pay_no_notify");
        await waitFor(async () => (await call("GET", `/api/v1/orders/${created.body.id}`, { key: liveKey })).body.status === "paid");
        const res = await refund({ orderId: created.body.id, amount: 123 }, liveKey);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body.livemode).toBe(true);
        await waitFor(async () => (await getRefund(res.body.id, liveKey)).body.status === "succeeded");
        expect((await store.getTrade(tradeId))!.refundedFen).toBe(123);
        // Test keys never see live refunds.
        expect((await getRefund(res.body.id, live.testSecretKey)).status).toBe(404);
      }
    } finally {
      delete process.env.ALIPAY_GATEWAY;
      delete process.env.WECHATPAY_API_BASE;
      resetConfigForTests();
    }
  });
});
