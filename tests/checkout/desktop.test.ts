import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { allowRedirects, eventsFor, newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { db } from "../../lib/db/client";
import { checkoutSessions, orders } from "../../lib/db/schema";
import { desktopCheckout, type QrCode } from "../../lib/checkout/desktop";
import { deviceOf } from "../../lib/checkout/device";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";

/** The desktop checkout: one order per QR channel, reused on reload, the paid one completes the session, the other is closed. */
let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(1);
});
afterAll(async () => stopPaymentsEnv(env));

async function newSession(s: Shop = shop) {
  await allowRedirects(s);
  const res = await call("POST", "/api/v1/checkout-sessions", {
    key: s.testPublishableKey,
    body: { goodsId: s.goodsId, quantity: 3, buyerId: "15705420001", attach: "desk", successUrl: "https://shop.example.com/done" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

async function qrCodes(csId: string): Promise<QrCode[]> {
  const result = await desktopCheckout(csId, { ip: null });
  if (result.kind !== "qr") throw new Error(`expected QR codes, got ${JSON.stringify(result)}`);
  return result.codes;
}

const status = async (csId: string) => (await fetch(`${env.app.base}/checkout/${csId}/status`)).json();
const orderRow = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;

describe("device detection", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36", "desktop"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "desktop"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "phone"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36", "phone"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN", "wechat"],
    ["Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 AlipayChannelId/5136 AlipayClient/10.6.0.8000 Language/zh-Hans", "alipay"],
    ["", "desktop"],
  ])("%s → %s", (ua, device) => {
    expect(deviceOf(ua)).toBe(device);
  });
});

describe("desktopCheckout", () => {
  it("shows a WeChat Native and an Alipay QR code, each an order of the session; a reload shows the same orders", async () => {
    const cs = await newSession();
    const codes = await qrCodes(cs.id);
    expect(codes.map((c) => c.channel)).toEqual(["wechat_native", "alipay_qr"]);
    expect(codes[0]!.content).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    expect(codes[1]!.content).toContain("/sandbox/pay/sbt_");
    for (const c of codes) {
      expect(c.svg.startsWith("<svg")).toBe(true);
      expect(await orderRow(c.orderId)).toMatchObject({ checkoutSessionId: cs.id, status: "pending", amountFen: 3, quantity: 3, buyerId: "15705420001", attach: "desk", channel: c.channel });
    }
    const again = await qrCodes(cs.id);
    expect(again.map((c) => c.orderId)).toEqual(codes.map((c) => c.orderId));
    expect(await status(cs.id)).toMatchObject({ status: "open" });
  });

  it("paying one code completes the session with that order, closes the other at its channel, and the page's poll says paid", async () => {
    const cs = await newSession();
    const [wechat, alipay] = await qrCodes(cs.id);
    const tradeId = await tradeIdFor({ qrCode: alipay!.content }, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");
    const polled = await waitFor(async () => {
      const s = await status(cs.id);
      return s.status === "paid" ? s : null;
    });
    expect(polled.successRedirect).toBe(`https://shop.example.com/done?orderId=${alipay!.orderId}`);
    const [session] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, cs.id));
    expect(session).toMatchObject({ status: "complete", orderId: alipay!.orderId, channel: "alipay_qr" });
    expect(await orderRow(wechat!.orderId)).toMatchObject({ status: "closed" });
    const wechatTrade = await createMysqlSandboxStore().getTrade(await tradeIdFor({ codeUrl: wechat!.content }, env.app.base));
    expect(wechatTrade?.status).toBe("CLOSED");
    expect((await eventsFor(alipay!.orderId)).map((e) => e.type).sort()).toEqual(["order.created", "order.paid"]);
    expect((await desktopCheckout(cs.id, { ip: null })).kind).toBe("paid");
  });

  it("a WeChat code paid but never notified is found by the page's poll (it asks the channel)", async () => {
    const cs = await newSession();
    const [wechat] = await qrCodes(cs.id);
    const tradeId = await tradeIdFor({ codeUrl: wechat!.content }, env.app.base);
    await simulate(env.app.base, tradeId, "pay_no_notify");
    const polled = await waitFor(async () => {
      const s = await status(cs.id);
      return s.status === "paid" ? s : null;
    });
    expect(polled.successRedirect).toContain(`orderId=${wechat!.orderId}`);
  });

  it("choosing Alipay's desktop page closes the QR codes' orders first: one payable order per session", async () => {
    const cs = await newSession();
    const codes = await qrCodes(cs.id);
    const res = await fetch(`${env.app.base}/checkout/${cs.id}/pay`, { method: "POST", body: new URLSearchParams({ channel: "alipay_pc" }), redirect: "manual" });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!).searchParams.get("method")).toBe("alipay.trade.page.pay");
    for (const c of codes) expect((await orderRow(c.orderId)).status).toBe("closed");
    // Back on the desktop page: fresh QR codes, and the Alipay PC order is closed in turn.
    const [session] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, cs.id));
    const fresh = await qrCodes(cs.id);
    expect(fresh.map((c) => c.orderId)).not.toContain(codes[0]!.orderId);
    expect((await orderRow(session!.orderId!)).status).toBe("closed");
  });

  it("an expired session shows no codes and creates no order", async () => {
    const cs = await newSession();
    await db().update(checkoutSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(checkoutSessions.id, cs.id));
    expect((await desktopCheckout(cs.id, { ip: null })).kind).toBe("expired");
    expect(await db().select().from(orders).where(eq(orders.checkoutSessionId, cs.id))).toHaveLength(0);
  });
});

describe("the sandbox's scanner", () => {
  it("opens the cashier for a sandbox code, and refuses anything else without a 5xx", async () => {
    const cs = await newSession();
    const [wechat, alipay] = await qrCodes(cs.id);
    for (const code of [wechat!.content, alipay!.content]) {
      const res = await fetch(`${env.app.base}/sandbox/scan?code=${encodeURIComponent(code)}`, { redirect: "manual" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/\/sandbox\/pay\/sbt_\w+$/);
    }
    for (const bad of ["weixin://wxpay/bizpayurl?pr=wx_unknown", "https://qr.alipay.com/bax00000", "https://evil.example/sandbox/pay/sbt_nope", "<script>", "x".repeat(5000)]) {
      const res = await fetch(`${env.app.base}/sandbox/scan?code=${encodeURIComponent(bad)}`, { redirect: "manual" });
      expect(res.status, bad.slice(0, 40)).toBe(404);
      expect(await res.text()).not.toContain("<script>");
    }
    expect((await fetch(`${env.app.base}/sandbox/scan`)).status).toBe(200);
  });
});
