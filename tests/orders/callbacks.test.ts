/**
 * Hostile and concurrent callbacks. Valid notifications are built by the sandbox (signed with its
 * Alipay key / encrypted under the merchant's APIv3 key); forged ones are altered copies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { call } from "../helpers/api";
import { createOrder, eventsFor, newShop, openCashier, simulate, sleep, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, type Env, type Shop } from "../helpers/payments";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { buildAlipayNotification } from "../../lib/sandbox/alipay";
import { buildWechatNotification } from "../../lib/sandbox/wechatpay";
import { db } from "../../lib/db/client";
import { channelCallbacks, channelRequests, orders, webhookDeliveries } from "../../lib/db/schema";
import { markOrderClosed, markPendingOrderPaid } from "../../lib/orders/transitions";
import { orderView } from "../../lib/orders/view";
import { insertStatement } from "../../lib/db/one-trip";
import { newId } from "../../lib/ids";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { loadChannelAccountOrThrow } from "../../lib/channel-accounts/channel-accounts";
import type { SandboxTrade } from "../../lib/sandbox/store";
import { handleChannelCallback, inboundFromRequest } from "../../lib/orders/handle-callback";
import { SYNC_INTERVAL_MS } from "../../lib/orders/sync-order";

let env: Env;
let shop: Shop;
const store = createMysqlSandboxStore();

beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(100);
});
afterAll(async () => stopPaymentsEnv(env));

/** An order paid at the sandbox whose notification was never sent: the test sends it itself. */
async function paidSilently(channel: "alipay_h5" | "wechat_h5", s: Shop = shop): Promise<{ orderId: string; trade: SandboxTrade }> {
  const order = (await createOrder(s, channel)).body;
  const tradeId = await tradeIdFor(order.payParams, env.app.base);
  await openCashier(tradeId);
  await simulate(env.app.base, tradeId, "pay_no_notify");
  return { orderId: order.id, trade: (await store.getTrade(tradeId))! };
}

async function unpaid(channel: "alipay_h5" | "wechat_h5", s: Shop = shop) {
  const order = (await createOrder(s, channel)).body;
  const tradeId = await tradeIdFor(order.payParams, env.app.base);
  await openCashier(tradeId);
  return { orderId: order.id, trade: (await store.getTrade(tradeId))! };
}

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: "POST", body, headers });
  return { status: res.status, text: await res.text() };
}

const statusOf = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const callbacksFor = (id: string) => db().select().from(channelCallbacks).where(eq(channelCallbacks.orderId, id));

describe("Alipay callbacks", () => {
  it("a verified notification marks the order paid; a replay of it changes nothing and is acknowledged", async () => {
    const { orderId, trade } = await paidSilently("alipay_h5");
    const n = await buildAlipayNotification(store, trade);
    expect(await post(n.url, n.body, n.headers)).toEqual({ status: 200, text: "success" });
    expect((await statusOf(orderId)).status).toBe("paid");
    expect(await post(n.url, n.body, n.headers)).toEqual({ status: 200, text: "success" });
    expect((await eventsFor(orderId)).filter((e) => e.type === "order.paid")).toHaveLength(1);
    const recorded = await callbacksFor(orderId);
    expect(recorded.map((c) => c.outcome).sort()).toEqual(["applied", "duplicate"]);
    expect(recorded.every((c) => c.verified)).toBe(true);
  });

  it("a forged signature is refused with 'fail', recorded unverified, and the channel is asked instead", async () => {
    const { orderId, trade } = await unpaid("alipay_h5");
    const valid = await buildAlipayNotification(store, { ...trade, status: "TRADE_SUCCESS", paidAt: new Date() });
    const forged = new URLSearchParams(valid.body);
    forged.set("sign", forged.get("sign")!.replace(/^./, (c) => (c === "A" ? "B" : "A")));
    expect(await post(valid.url, forged.toString(), valid.headers)).toEqual({ status: 200, text: "fail" });
    await sleep(300);
    expect((await statusOf(orderId)).status).toBe("pending");
    const [cb] = await callbacksFor(orderId);
    expect(cb).toMatchObject({ verified: false, outcome: "unverified" });
  });

  it("a tampered amount fails verification; a validly signed wrong amount is rejected by the amount check", async () => {
    const { orderId, trade } = await unpaid("alipay_h5");
    const valid = await buildAlipayNotification(store, { ...trade, status: "TRADE_SUCCESS", paidAt: new Date() });
    const tampered = new URLSearchParams(valid.body);
    tampered.set("total_amount", "0.01");
    expect((await post(valid.url, tampered.toString(), valid.headers)).text).toBe("fail");
    // Signed by the (sandbox) provider but for 0.01 while the order is 1.00: never paid.
    const wrongAmount = await buildAlipayNotification(store, { ...trade, amountFen: 1, status: "TRADE_SUCCESS", paidAt: new Date() });
    expect((await post(wrongAmount.url, wrongAmount.body, wrongAmount.headers)).text).toBe("fail");
    expect((await statusOf(orderId)).status).toBe("pending");
    const outcomes = (await callbacksFor(orderId)).map((c) => `${c.verified}:${c.outcome}`).sort();
    expect(outcomes).toEqual(["false:unverified", "true:rejected"]);
  });

  it("another merchant's callback URL, an unknown order and a malformed body are rejected", async () => {
    const { orderId, trade } = await paidSilently("alipay_h5");
    const n = await buildAlipayNotification(store, trade);
    const other = await newShop(100);
    const otherAccount = await loadChannelAccountOrThrow({ merchantId: other.merchantId, livemode: false }, "alipay");
    const otherUrl = `${env.app.base}/api/callbacks/alipay/${otherAccount.id}`;
    expect((await post(otherUrl, n.body, n.headers)).text).toBe("fail");
    const unknown = await buildAlipayNotification(store, { ...trade, outTradeNo: "ord_doesnotexist0000000" });
    expect((await post(unknown.url, unknown.body, unknown.headers)).text).toBe("fail");
    expect((await post(n.url, "%%%not a form&&=", n.headers)).text).toBe("fail");
    expect((await post(`${env.app.base}/api/callbacks/alipay/ca_nope`, n.body, n.headers)).text).toBe("fail");
    expect((await post(`${env.app.base}/api/callbacks/paypal/${otherAccount.id}`, n.body, n.headers)).status).toBe(404);
    expect((await statusOf(orderId)).status).toBe("pending");
  });
});

describe("forged callbacks are not amplified", () => {
  const queriesOf = async (id: string) =>
    (await db().select().from(channelRequests).where(eq(channelRequests.orderId, id))).filter((r) => r.operation === "query");

  it("N forged callbacks naming a real order make at most one channel query within the sync lock's window", async () => {
    const { orderId, trade } = await unpaid("alipay_h5");
    const valid = await buildAlipayNotification(store, { ...trade, status: "TRADE_SUCCESS", paidAt: new Date() });
    const forged = new URLSearchParams(valid.body);
    forged.set("sign", forged.get("sign")!.replace(/^./, (c) => (c === "A" ? "B" : "A")));
    const before = (await queriesOf(orderId)).length;
    // One after another, each given time for the query it triggers to finish.
    const started = Date.now();
    for (let i = 0; i < 6; i++) {
      expect(await post(valid.url, forged.toString(), valid.headers)).toEqual({ status: 200, text: "fail" });
      if (i < 5) await sleep(150);
    }
    const elapsed = Date.now() - started;
    await sleep(300);
    const queries = (await queriesOf(orderId)).length - before;
    expect(queries).toBeGreaterThanOrEqual(1);
    // One per lock window: one in all on an idle machine; a slow one may span a second window.
    expect(queries).toBeLessThanOrEqual(1 + Math.floor(elapsed / SYNC_INTERVAL_MS));
    expect(queries).toBeLessThan(6);
    expect((await callbacksFor(orderId)).filter((c) => !c.verified)).toHaveLength(6);
    expect((await statusOf(orderId)).status).toBe("pending");
  });

  it("an unverified callback stores at most 4 KiB of its body, cut on a character boundary", async () => {
    const { orderId, trade } = await unpaid("alipay_h5");
    const valid = await buildAlipayNotification(store, { ...trade, status: "TRADE_SUCCESS", paidAt: new Date() });
    const forged = new URLSearchParams(valid.body);
    forged.set("sign", "forged");
    // 54 KB (under the 64 KiB request cap) of raw multi-byte text, so a cut inside a character would show.
    const body = `${forged.toString()}&zz_padding=${"支付".repeat(9_000)}`;
    expect((await post(valid.url, body, valid.headers)).text).toBe("fail");
    const [cb] = await callbacksFor(orderId);
    expect(cb).toMatchObject({ verified: false, outcome: "unverified" });
    expect(Buffer.byteLength(cb!.rawBody, "utf8")).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(cb!.rawBody, "utf8")).toBeGreaterThan(4000);
    expect(body.startsWith(cb!.rawBody)).toBe(true);
  });
});

describe("WeChat Pay callbacks", () => {
  it("verified → 204 and paid; a flipped ciphertext byte, a bad signature or garbage → 4xx JSON FAIL (never a 5xx: not our failure), nothing changes", async () => {
    const { orderId, trade } = await paidSilently("wechat_h5");
    const n = await buildWechatNotification(store, trade);
    const flipped = JSON.parse(n.body) as { resource: { ciphertext: string } };
    const ct = Buffer.from(flipped.resource.ciphertext, "base64");
    ct[0]! ^= 1;
    flipped.resource.ciphertext = ct.toString("base64");
    const bad1 = await post(n.url, JSON.stringify(flipped), n.headers);
    expect(bad1.status).toBe(400);
    expect(JSON.parse(bad1.text)).toMatchObject({ code: "FAIL" });
    const { "Wechatpay-Signature": _sig, ...unsigned } = n.headers;
    const bad2 = await post(n.url, n.body, { ...unsigned, "Wechatpay-Signature": Buffer.alloc(256, 1).toString("base64") });
    expect(bad2.status).toBe(400);
    const malformed = await post(n.url, "{not json", n.headers);
    expect(malformed.status).toBe(400);
    expect((await post(n.url, n.body, unsigned)).status).toBe(400);
    expect((await post(`${env.app.base}/api/callbacks/wechatpay/ca_nope`, n.body, n.headers)).status).toBe(400);
    expect((await statusOf(orderId)).status).toBe("pending");
    const ok = await post(n.url, n.body, n.headers);
    expect(ok.status).toBe(204);
    expect((await statusOf(orderId)).status).toBe("paid");
  });
});

describe("races", () => {
  it.each(["alipay_h5", "wechat_h5"] as const)("%s: 20 concurrent identical callbacks plus queries → one transition, one order.paid", async (channel) => {
    const { orderId, trade } = await paidSilently(channel);
    const n = channel === "alipay_h5" ? await buildAlipayNotification(store, trade) : await buildWechatNotification(store, trade);
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => post(n.url, n.body, n.headers)),
      ...Array.from({ length: 10 }, () => call("GET", `/api/v1/orders/${orderId}`, { key: shop.testSecretKey })),
    ]);
    for (const r of results.slice(0, 20)) expect((r as { status: number }).status).toBeLessThan(300);
    const order = await statusOf(orderId);
    expect(order.status).toBe("paid");
    expect((await eventsFor(orderId)).filter((e) => e.type === "order.paid")).toHaveLength(1);
  });
});

describe("a callback's record and its transition", () => {
  it("commit together: when the record cannot be written the order stays pending and the provider is asked to send again", async () => {
    const { orderId, trade } = await paidSilently("alipay_h5");
    const n = await buildAlipayNotification(store, trade);
    // The callback's record fails to insert (a full disk, a broken table); nothing else does.
    await db().execute(sql.raw("CREATE TRIGGER refuse_callback_records BEFORE INSERT ON channel_callbacks FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'"));
    try {
      expect(await post(n.url, n.body, n.headers)).toEqual({ status: 200, text: "fail" });
    } finally {
      await db().execute(sql.raw("DROP TRIGGER refuse_callback_records"));
    }
    // Not applied without its evidence (before: paid and order.paid sent, with no record of the callback that did it).
    expect((await statusOf(orderId)).status).toBe("pending");
    expect((await eventsFor(orderId)).filter((e) => e.type === "order.paid")).toEqual([]);
    expect(await callbacksFor(orderId)).toEqual([]);

    // The provider sends it again: applied once, recorded once.
    expect(await post(n.url, n.body, n.headers)).toEqual({ status: 200, text: "success" });
    expect((await statusOf(orderId)).status).toBe("paid");
    expect((await eventsFor(orderId)).filter((e) => e.type === "order.paid")).toHaveLength(1);
    expect((await callbacksFor(orderId)).map((c) => c.outcome)).toEqual(["applied"]);
  });
});

describe("a paid callback in one round trip (markPendingOrderPaid)", () => {
  it("writes what the full transition writes: the order as stored is the event's order, with its delivery and the callback's record", async () => {
    const m = await newMerchant("One-trip shop");
    const goods = await newGoods(m.testSecretKey, { price: 100, notifyUrls: { orderPaid: "https://merchant.example/paid" } });
    const { orderId, trade } = await paidSilently("alipay_h5", { ...m, goodsId: goods.id });
    const n = await buildAlipayNotification(store, trade);
    expect(await post(n.url, n.body, n.headers)).toEqual({ status: 200, text: "success" });
    const stored = await statusOf(orderId);
    expect(stored.status).toBe("paid");
    const [paid, ...more] = (await eventsFor(orderId)).filter((e) => e.type === "order.paid");
    expect(more).toEqual([]);
    // Built from the order read before the transaction plus the transition's changes: equal to the stored order's view.
    expect(paid!.data).toEqual({ order: orderView(stored) });
    expect((await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, paid!.id))).map((d) => d.url)).toEqual(["https://merchant.example/paid"]);
    const [record] = await callbacksFor(orderId);
    expect(record).toMatchObject({ outcome: "applied", verified: true, rawBody: n.body });
  });

  it("an order closed after it was read: writes nothing and returns null; the full transition then pays it after close, recorded once", async () => {
    const { orderId, trade } = await paidSilently("alipay_h5");
    const stale = await statusOf(orderId);
    expect((await markOrderClosed(orderId)).outcome).toBe("applied");
    const extra = { id: newId("cb"), channelAccountId: stale.channelAccountId!, merchantId: stale.merchantId, provider: "alipay", orderId, verified: true, outcome: "applied", headers: {}, rawBody: "x", receivedAt: new Date() };
    const won = await markPendingOrderPaid(stale, { channelTradeNo: "T1", paidAt: new Date() }, () => [insertStatement(channelCallbacks, extra, { onlyIf: "applied" })]);
    expect(won).toBeNull();
    expect((await statusOf(orderId)).status).toBe("closed");
    expect((await eventsFor(orderId)).filter((e) => e.type === "order.paid")).toEqual([]);
    expect(await callbacksFor(orderId)).toEqual([]);

    // The provider's notification for it: paid after close, one record, one order.paid.
    const n = await buildAlipayNotification(store, trade);
    expect(await post(n.url, n.body, n.headers)).toEqual({ status: 200, text: "success" });
    expect(await statusOf(orderId)).toMatchObject({ status: "paid", paidAfterClose: true });
    expect((await eventsFor(orderId)).filter((e) => e.type === "order.paid")).toHaveLength(1);
    expect((await callbacksFor(orderId)).map((c) => c.outcome)).toEqual(["paid_after_close"]);
  });

  it("leaves an order of a checkout session to the full transition (it claims the session)", async () => {
    const order = await statusOf((await unpaid("alipay_h5")).orderId);
    expect(await markPendingOrderPaid({ ...order, checkoutSessionId: "cs_x" }, { channelTradeNo: "T1", paidAt: new Date() })).toBeNull();
    expect((await statusOf(order.id)).status).toBe("pending");
  });
});

describe("handleChannelCallback", () => {
  it("never throws: a failure while handling is answered with the provider's failure acknowledgement", async () => {
    // A body whose stream breaks mid-read (a reset connection) fails inside the handler.
    const broken = () =>
      new Request(`${env.app.base}/api/callbacks`, {
        method: "POST",
        body: new ReadableStream({ pull: (c) => c.error(new Error("connection reset")) }),
        duplex: "half",
      } as RequestInit);
    const owner = { merchantId: shop.merchantId, livemode: false };
    const wechat = await handleChannelCallback("wechatpay", (await loadChannelAccountOrThrow(owner, "wechatpay")).id, inboundFromRequest(broken()));
    expect(wechat.status).toBe(500);
    expect(JSON.parse(wechat.body)).toEqual({ code: "FAIL", message: "internal error" });
    const alipay = await handleChannelCallback("alipay", (await loadChannelAccountOrThrow(owner, "alipay")).id, inboundFromRequest(broken()));
    expect(alipay).toMatchObject({ status: 200, body: "fail" });
    // No account to verify with: the failure answer needs none.
    const unknown = await handleChannelCallback("wechatpay", "ca_nope", inboundFromRequest(broken()));
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: "FAIL" });
  });
});
