import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { allowRedirects, eventsFor, newShop, openCashier, simulate, sleep, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { db } from "../../lib/db/client";
import { checkoutSessions, orders } from "../../lib/db/schema";
import { resetConfigForTests } from "../../lib/config";
import { desktopCheckout, type QrCode } from "../../lib/checkout/desktop";
import { markOrderPaid } from "../../lib/orders/transitions";
import { getOrderDetail } from "../../lib/portal/orders";

/**
 * Issue 11, item 2: a hosted-checkout session is paid at most once. An Alipay pay URL the buyer left
 * in a tab dies with its short pay window (a close cannot stop it: the trade does not exist at Alipay
 * until the URL is opened), and a second payment that still arrives is recorded on the session and
 * flagged on the order, never dropped.
 */
let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(1);
  await allowRedirects(shop);
});
afterAll(async () => stopPaymentsEnv(env));

function setPayWindow(seconds: number | undefined) {
  if (seconds === undefined) delete process.env.CHECKOUT_PAY_WINDOW_SECONDS;
  else process.env.CHECKOUT_PAY_WINDOW_SECONDS = String(seconds);
  resetConfigForTests();
}
afterEach(() => setPayWindow(undefined));

async function newSession(): Promise<{ id: string }> {
  const res = await call("POST", "/api/v1/checkout-sessions", {
    key: shop.testPublishableKey,
    body: { goodsId: shop.goodsId, quantity: 1, buyerId: "15705420001", successUrl: "https://shop.example.com/done" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The buyer taps a channel button on the hosted page; the answer is where the browser goes next. */
async function choose(csId: string, channel: string): Promise<string> {
  const res = await fetch(`${env.app.base}/checkout/${csId}/pay`, { method: "POST", body: new URLSearchParams({ channel }), redirect: "manual", headers: { "x-forwarded-for": "203.0.113.8" } });
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}

const orderRow = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const sessionOrders = (csId: string) => db().select().from(orders).where(eq(orders.checkoutSessionId, csId));
const readSession = async (csId: string) => (await call("GET", `/api/v1/checkout-sessions/${csId}`, { key: shop.testSecretKey })).body;
const bizOf = (payUrl: string) => JSON.parse(new URL(payUrl).searchParams.get("biz_content")!) as { out_trade_no: string; time_expire: string };

/** What the return page does: poll /status (which asks the channel, should the notification be slow), then read the session. */
async function paidSession(csId: string) {
  await waitFor(async () => {
    const s = (await (await fetch(`${env.app.base}/checkout/${csId}/status`)).json()) as { status: string };
    return s.status === "paid";
  }, 20_000);
  return readSession(csId);
}

describe("an Alipay pay URL of a checkout session lives for its pay window", () => {
  it("the issue's scenario: Alipay, then WeChat, then the old Alipay URL — refused once its window is over", async () => {
    setPayWindow(2);
    const cs = await newSession();
    const alipayUrl = await choose(cs.id, "alipay_h5");
    expect(alipayUrl).toContain("/sandbox/alipay/gateway.do?");
    const alipayOrder = await orderRow(bizOf(alipayUrl).out_trade_no);
    // The order and its time_expire end with the pay window, not with the session's 30 minutes.
    expect(alipayOrder.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(2_000);

    const wechatUrl = await choose(cs.id, "wechat_h5");
    expect(wechatUrl).toContain("/sandbox/pay/sbt_");
    expect((await orderRow(alipayOrder.id)).status).toBe("closed");
    // A channel a close does stop (WeChat) keeps the session's deadline, whatever the pay window.
    const [wechatOrder] = (await sessionOrders(cs.id)).filter((o) => o.channel === "wechat_h5");
    const [sessionRow] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, cs.id));
    expect(wechatOrder!.expiresAt.getTime()).toBe(sessionRow!.expiresAt.getTime());

    await sleep(Math.max(0, alipayOrder.expiresAt.getTime() - Date.now()) + 1_100);
    const old = await fetch(alipayUrl, { redirect: "manual" });
    expect(old.status).toBe(400);
    expect(old.headers.get("location")).toBeNull();
    expect(await old.text()).toContain("ACQ.TRADE_HAS_CLOSE");

    await simulate(env.app.base, await tradeIdFor({ h5Url: wechatUrl }, env.app.base), "pay");
    const session = await paidSession(cs.id);
    const rows = await sessionOrders(cs.id);
    expect(rows.filter((o) => o.status === "paid").map((o) => o.channel)).toEqual(["wechat_h5"]);
    expect(session).toMatchObject({ paidOrderId: session.orderId, duplicatePaymentOrderIds: [] });
  });

  it("coming back to Alipay reuses the URL within its window and issues a fresh one after it; the fresh one pays", async () => {
    setPayWindow(2);
    const cs = await newSession();
    const first = await choose(cs.id, "alipay_h5");
    expect(await choose(cs.id, "alipay_h5")).toBe(first);

    const firstOrder = await orderRow(bizOf(first).out_trade_no);
    await sleep(Math.max(0, firstOrder.expiresAt.getTime() - Date.now()) + 1_100);
    const second = await choose(cs.id, "alipay_h5");
    expect(bizOf(second).out_trade_no).not.toBe(firstOrder.id);
    expect((await orderRow(firstOrder.id)).status).toBe("closed");
    expect((await fetch(first, { redirect: "manual" })).status).toBe(400);

    const tradeId = await tradeIdFor({ payUrl: second }, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");
    const session = await paidSession(cs.id);
    expect(session.orderId).toBe(bizOf(second).out_trade_no);
    expect(session.paidOrderId).toBe(session.orderId);
  });
});

describe("a session paid twice", () => {
  it("the old Alipay URL paid inside its window after WeChat paid: the order is paid, flagged, and listed on the session", async () => {
    const cs = await newSession();
    const alipayUrl = await choose(cs.id, "alipay_h5");
    const alipayId = bizOf(alipayUrl).out_trade_no;
    const wechatUrl = await choose(cs.id, "wechat_h5");
    await simulate(env.app.base, await tradeIdFor({ h5Url: wechatUrl }, env.app.base), "pay");
    const first = await paidSession(cs.id);
    const wechatId = first.orderId as string;
    expect(first).toMatchObject({ paidOrderId: wechatId, duplicatePaymentOrderIds: [] });

    // The buyer finds the Alipay tab and pays it too: Alipay takes the money, and says so.
    const tradeId = await tradeIdFor({ payUrl: alipayUrl }, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");
    const alipayPaid = await waitFor(async () => {
      const o = await orderRow(alipayId);
      return o.status === "paid" ? o : null;
    }, 20_000);
    expect(alipayPaid).toMatchObject({ paidAfterClose: true, duplicatePayment: true });
    expect(await orderRow(wechatId)).toMatchObject({ status: "paid", duplicatePayment: false });

    const session = await readSession(cs.id);
    expect(session).toMatchObject({ status: "complete", orderId: wechatId, paidOrderId: wechatId, duplicatePaymentOrderIds: [alipayId] });
    const apiOrder = await call("GET", `/api/v1/orders/${alipayId}`, { key: shop.testSecretKey });
    expect(apiOrder.body).toMatchObject({ status: "paid", duplicatePayment: true });
    expect((await call("GET", `/api/v1/orders/${wechatId}`, { key: shop.testSecretKey })).body.duplicatePayment).toBe(false);
    const paidEvents = (await eventsFor(alipayId)).filter((e) => e.type === "order.paid");
    expect(paidEvents).toHaveLength(1);
    expect((paidEvents[0]!.data as { order: { duplicatePayment: boolean } }).order.duplicatePayment).toBe(true);

    // The portal's order page has what it needs for its "paid twice — refund" notice; the first payment has none.
    const owner = { merchantId: shop.merchantId, livemode: false };
    expect((await getOrderDetail(owner, alipayId)).duplicateOf).toEqual({ sessionId: cs.id, paidOrderId: wechatId });
    expect((await getOrderDetail(owner, wechatId)).duplicateOf).toBeNull();
  });

  it("both QR codes of a desktop page paid: one is the session's payment, the other a flagged duplicate", async () => {
    const cs = await newSession();
    const result = await desktopCheckout(cs.id, { ip: null });
    if (result.kind !== "qr") throw new Error(JSON.stringify(result));
    const [wechat, alipay] = result.codes as [QrCode, QrCode];
    const alipayTrade = await tradeIdFor({ qrCode: alipay.content }, env.app.base);
    const wechatTrade = await tradeIdFor({ codeUrl: wechat.content }, env.app.base);
    await openCashier(alipayTrade);
    await Promise.all([simulate(env.app.base, alipayTrade, "pay"), simulate(env.app.base, wechatTrade, "pay")]);
    const both = await waitFor(async () => {
      const rows = await sessionOrders(cs.id);
      return rows.length === 2 && rows.every((o) => o.status === "paid") ? rows : null;
    }, 20_000);
    const session = await readSession(cs.id);
    const winner = both.find((o) => o.id === session.paidOrderId);
    const loser = both.find((o) => o.id !== session.paidOrderId);
    expect(winner?.duplicatePayment).toBe(false);
    expect(loser?.duplicatePayment).toBe(true);
    expect(session.duplicatePaymentOrderIds).toEqual([loser!.id]);
  });

  it("two paid transitions of one session racing: exactly one claims the session", async () => {
    for (let round = 0; round < 4; round++) {
      const cs = await newSession();
      const result = await desktopCheckout(cs.id, { ip: null });
      if (result.kind !== "qr") throw new Error(JSON.stringify(result));
      const ids = result.codes.map((c) => c.orderId);
      expect(ids).toHaveLength(2);
      const paidAt = new Date();
      const outcomes = await Promise.all(ids.map((id, i) => markOrderPaid(id, { channelTradeNo: `race_${round}_${i}`, paidAt })));
      expect(outcomes.map((o) => o.outcome)).toEqual(["applied", "applied"]);
      const flags = outcomes.map((o) => o.order.duplicatePayment);
      expect(flags.filter(Boolean)).toHaveLength(1);

      const [row] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, cs.id));
      const winner = outcomes.find((o) => !o.order.duplicatePayment)!.order.id;
      expect(row!.paidOrderId).toBe(winner);
      for (const id of ids) {
        const stored = await orderRow(id);
        expect(stored.duplicatePayment).toBe(id !== winner);
        const [event] = (await eventsFor(id)).filter((e) => e.type === "order.paid");
        expect((event!.data as { order: { duplicatePayment: boolean } }).order.duplicatePayment).toBe(id !== winner);
      }
      // A repeat of the winner's transition (a duplicate callback) changes nothing.
      expect((await markOrderPaid(winner, { channelTradeNo: "again", paidAt })).outcome).toBe("already");
      expect((await orderRow(winner)).duplicatePayment).toBe(false);
    }
  });
});
