import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChannel, getNotificationVerifier, nextAction, type AlipayCredentials, type PaymentChannel, type WechatpayCredentials } from "@/lib/channels";
import { buildAlipayReturnUrl } from "@/lib/sandbox/alipay";
import { showCashier, submitCashier } from "@/lib/sandbox/cashier";
import { generateRsaKeyPair } from "@/lib/sandbox/keys";
import { provisionAlipayApp, provisionWechatMerchant, type AlipaySandboxCredentials, type WechatSandboxCredentials } from "@/lib/sandbox/provision";
import { rsaSha256Sign } from "@/lib/sandbox/rsa";
import type { SandboxTrade } from "@/lib/sandbox/store";
import { prepayIdOfCodeUrl } from "@/lib/sandbox/wechatpay";
import { startHarness, type Harness } from "../sandbox/harness";
import { alipayCredentials, deliveredNotification, expectPaidNotification, newOutTradeNo, wechatCredentials } from "./helpers";

/**
 * The desktop channels against the sandbox: wechat_native (code_url), alipay_pc (page pay URL) and
 * alipay_qr (precreate's signed qr_code). Request fields as the emulator recorded them, signatures
 * both ways, the precreate answer verified (a forged one refused), and the channels' notifications.
 */

let h: Harness;
let ali: AlipaySandboxCredentials;
let wx: WechatSandboxCredentials;
let aliCreds: AlipayCredentials;
let wxCreds: WechatpayCredentials;

beforeAll(async () => {
  h = await startHarness();
  ali = await provisionAlipayApp(h.store, { accountRef: "ca_alipay_qr" });
  wx = await provisionWechatMerchant(h.store, { accountRef: "ca_wx_native", signingMode: "public_key" });
  aliCreds = alipayCredentials(h, ali);
  wxCreds = wechatCredentials(h, wx);
});
afterAll(() => h.close());

const inThirtyMinutes = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 60_000);

function input(prefix: string, amountFen = 8888, extra: { returnUrl?: string; clientIp?: string } = {}) {
  return {
    outTradeNo: newOutTradeNo(prefix),
    amountFen,
    subject: "扫码 商品/1 & 100% off",
    notifyUrl: "https://payrelay.example/api/callbacks/x/ca_1",
    expiresAt: inThirtyMinutes(),
    ...extra,
  };
}

async function trade(provider: "alipay" | "wechatpay", owner: string, outTradeNo: string): Promise<SandboxTrade> {
  const t = await h.store.findTradeByOutTradeNo(provider, owner, outTradeNo);
  if (!t) throw new Error(`no sandbox trade ${outTradeNo}`);
  return t;
}

describe("wechat_native", () => {
  let native: PaymentChannel;
  beforeAll(() => {
    native = getChannel("wechat_native", wxCreds);
  });

  it("POSTs /v3/pay/transactions/native and returns WeChat's weixin:// code_url as codeUrl, a qr nextAction", async () => {
    const req = input("N", 1234_56, { clientIp: "203.0.113.9" });
    const { payParams } = await native.createPayment(req);
    expect(Object.keys(payParams)).toEqual(["codeUrl"]);
    expect(payParams.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
    const t = await trade("wechatpay", wx.mchid, req.outTradeNo);
    expect(t).toMatchObject({ tradeType: "NATIVE", appId: wx.appid, amountFen: 1234_56, subject: req.subject, notifyUrl: req.notifyUrl, payerOpenid: null, clientIp: "203.0.113.9" });
    expect(t.timeExpire.getTime()).toBe(req.expiresAt.getTime());
    expect(prepayIdOfCodeUrl(payParams.codeUrl ?? "")).toBe(t.prepayId);
    expect(nextAction("wechat_native", payParams)).toEqual({ type: "qr", content: payParams.codeUrl });
  });

  it("queries pending, paid after the buyer scans and pays; closes; unknown is not_found", async () => {
    const req = input("N", 4321);
    await native.createPayment(req);
    expect(await native.queryPayment(req.outTradeNo)).toMatchObject({ status: "pending", amountFen: 4321 });
    const { trade: paid } = await submitCashier(h.store, (await trade("wechatpay", wx.mchid, req.outTradeNo)).id, { kind: "pay" }, { now: new Date() });
    expect(await native.queryPayment(req.outTradeNo)).toMatchObject({ status: "paid", amountFen: 4321, channelTradeNo: paid.providerTradeNo, raw: { trade_type: "NATIVE" } });
    expect(await native.closePayment(req.outTradeNo)).toEqual({ result: "already_paid" });

    const open = input("N");
    await native.createPayment(open);
    expect(await native.closePayment(open.outTradeNo)).toEqual({ result: "closed" });
    expect(await native.queryPayment(open.outTradeNo)).toMatchObject({ status: "closed" });
    expect(await native.queryPayment("NO_SUCH_NATIVE_1")).toMatchObject({ status: "not_found" });
  });

  it("the paid notification (trade_type NATIVE) verifies, decrypts and normalises; a tampered one does not", async () => {
    const req = input("N", 990);
    await native.createPayment(req);
    const { trade: paid, notifications } = await submitCashier(h.store, (await trade("wechatpay", wx.mchid, req.outTradeNo)).id, { kind: "pay" }, { now: new Date() });
    const delivered = await deliveredNotification(h, notifications[0]);
    const n = await getNotificationVerifier(wxCreds).parseNotification(delivered);
    expectPaidNotification(n, paid, { amountFen: 990, appId: wx.appid, mchId: wx.mchid, notificationId: notifications[0]?.notificationId });
    expect(n).toMatchObject({ raw: { transaction: { trade_type: "NATIVE" } } });
    const tampered = delivered.rawBody.replace('"summary":"支付成功"', '"summary":"支付成功 "');
    expect((await getNotificationVerifier(wxCreds).parseNotification({ headers: delivered.headers, rawBody: tampered })).verified).toBe(false);
  });

  it("refuses an answer signed by a key that is not the configured platform key", async () => {
    const other = await generateRsaKeyPair();
    const suspicious = getChannel("wechat_native", { ...wxCreds, platformPublicKey: other.publicKeyPem });
    await expect(suspicious.createPayment(input("N"))).rejects.toMatchObject({ code: "invalid_response_signature", createdAtChannel: "unknown" });
  });

  it("the sandbox refuses a request signed with another merchant key (401 SIGN_ERROR, nothing created)", async () => {
    const other = await generateRsaKeyPair();
    const forger = getChannel("wechat_native", { ...wxCreds, privateKey: other.privateKeyPem });
    const req = input("N");
    await expect(forger.createPayment(req)).rejects.toMatchObject({ code: "SIGN_ERROR", createdAtChannel: "no" });
    expect(await h.store.findTradeByOutTradeNo("wechatpay", wx.mchid, req.outTradeNo)).toBeNull();
  });
});

describe("alipay_pc", () => {
  let pc: PaymentChannel;
  beforeAll(() => {
    pc = getChannel("alipay_pc", aliCreds);
  });

  it("builds a signed GET to alipay.trade.page.pay with FAST_INSTANT_TRADE_PAY that the gateway takes", async () => {
    const req = input("P", 29, { returnUrl: "https://shop.example/done?o=1" });
    const { payParams } = await pc.createPayment(req);
    expect(Object.keys(payParams)).toEqual(["payUrl"]);
    const url = new URL(payParams.payUrl ?? "");
    expect(url.searchParams.get("method")).toBe("alipay.trade.page.pay");
    expect(url.searchParams.get("notify_url")).toBe(req.notifyUrl);
    expect(url.searchParams.get("return_url")).toBe(req.returnUrl);
    const biz = JSON.parse(url.searchParams.get("biz_content") ?? "{}");
    expect(biz).toMatchObject({ out_trade_no: req.outTradeNo, total_amount: "0.29", product_code: "FAST_INSTANT_TRADE_PAY", subject: req.subject });
    expect(nextAction("alipay_pc", payParams)).toEqual({ type: "redirect", url: payParams.payUrl });

    const res = await fetch(payParams.payUrl ?? "", { redirect: "manual" });
    expect(res.status, await res.clone().text()).toBe(302);
    const t = await trade("alipay", ali.appId, req.outTradeNo);
    expect(res.headers.get("location")).toBe(`${h.cashierBase}/sandbox/pay/${t.id}`);
    expect(t).toMatchObject({ tradeType: "PAGE", amountFen: 29, returnUrl: req.returnUrl, notifyUrl: req.notifyUrl });
    // A trade opened by page pay exists from then on; the sync return names page pay's method.
    expect(await pc.queryPayment(req.outTradeNo)).toMatchObject({ status: "not_found" });
    await showCashier(h.store, t.id, new Date());
    expect(await pc.queryPayment(req.outTradeNo)).toMatchObject({ status: "pending", amountFen: 29 });
    const { trade: paid } = await submitCashier(h.store, t.id, { kind: "pay" }, { now: new Date() });
    expect(new URL((await buildAlipayReturnUrl(h.store, paid)) ?? "").searchParams.get("method")).toBe("alipay.trade.page.pay.return");
    expect(await pc.queryPayment(req.outTradeNo)).toMatchObject({ status: "paid" });
  });

  it("the gateway refuses page pay with wap pay's product code (and the reverse)", async () => {
    const sdkPage = getChannel("alipay_h5", aliCreds);
    const wap = new URL((await sdkPage.createPayment(input("P"))).payParams.payUrl ?? "");
    // Same signed parameters, other method: the signature no longer matches, whatever the product.
    wap.searchParams.set("method", "alipay.trade.page.pay");
    const res = await fetch(wap, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("isv.invalid-signature");
  });
});

describe("alipay_qr", () => {
  let qr: PaymentChannel;
  beforeAll(() => {
    qr = getChannel("alipay_qr", aliCreds);
  });

  it("calls alipay.trade.precreate, verifies the signed answer and returns its qr_code, a trade that exists at once", async () => {
    const req = input("Q", 1_000_000_01);
    const { payParams } = await qr.createPayment(req);
    expect(Object.keys(payParams)).toEqual(["qrCode"]);
    const t = await trade("alipay", ali.appId, req.outTradeNo);
    // Test mode: the code is the sandbox cashier of the trade, openable by any phone camera.
    expect(payParams.qrCode).toBe(`${h.cashierBase}/sandbox/pay/${t.id}`);
    expect(t).toMatchObject({ tradeType: "QR", amountFen: 1_000_000_01, subject: req.subject, notifyUrl: req.notifyUrl, returnUrl: null });
    expect(t.timeExpire.getTime()).toBe(req.expiresAt.getTime());
    expect(nextAction("alipay_qr", payParams)).toEqual({ type: "qr", content: payParams.qrCode });
    // Unlike page products, precreate creates the trade: query and close work before anyone scans.
    expect(await qr.queryPayment(req.outTradeNo)).toMatchObject({ status: "pending", amountFen: 1_000_000_01 });
    expect(await qr.closePayment(req.outTradeNo)).toEqual({ result: "closed" });
    expect(await qr.queryPayment(req.outTradeNo)).toMatchObject({ status: "closed" });
  });

  it("the same out_trade_no again is the same trade; with another amount Alipay refuses (nothing created)", async () => {
    const req = input("Q", 500);
    const first = await qr.createPayment(req);
    expect(await qr.createPayment(req)).toEqual(first);
    await expect(qr.createPayment({ ...req, amountFen: 501 })).rejects.toMatchObject({ code: "ACQ.CONTEXT_INCONSISTENT", createdAtChannel: "no" });
  });

  it("the paid notification verifies and normalises; close after payment is already_paid", async () => {
    const req = input("Q", 777);
    await qr.createPayment(req);
    const t = await trade("alipay", ali.appId, req.outTradeNo);
    const { trade: paid, notifications } = await submitCashier(h.store, t.id, { kind: "pay" }, { now: new Date() });
    const n = await getNotificationVerifier(aliCreds).parseNotification(await deliveredNotification(h, notifications[0]));
    expectPaidNotification(n, paid, { amountFen: 777, appId: ali.appId });
    expect(await qr.closePayment(req.outTradeNo)).toEqual({ result: "already_paid" });
  });

  it("refuses a precreate answer not signed by the configured Alipay public key", async () => {
    const other = await generateRsaKeyPair();
    const suspicious = getChannel("alipay_qr", { ...aliCreds, alipayPublicKey: other.publicKeyPem });
    await expect(suspicious.createPayment(input("Q"))).rejects.toMatchObject({ code: "invalid_response_signature", createdAtChannel: "unknown" });
  });

  describe("a forged answer on the way back", () => {
    let proxy: { base: string; close(): Promise<void> };
    let rewrite: (body: string) => string = (b) => b;
    beforeAll(async () => {
      // A man in the middle between us and the gateway: forwards the request, edits the answer.
      const server: Server = createServer((req, res) => {
        void (async () => {
          const chunks: Buffer[] = [];
          for await (const c of req) chunks.push(c as Buffer);
          const upstream = await fetch(`${h.base}${req.url ?? ""}`, { method: req.method, headers: { "content-type": req.headers["content-type"] ?? "" }, body: Buffer.concat(chunks) });
          res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" });
          res.end(rewrite(await upstream.text()));
        })();
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      proxy = { base, close: () => new Promise<void>((r) => server.close(() => r())) };
    });
    afterAll(() => proxy.close());

    const viaProxy = () => getChannel("alipay_qr", { ...aliCreds, gateway: `${proxy.base}/sandbox/alipay/gateway.do` });

    it("passes an untouched answer through (the proxy itself is harmless)", async () => {
      rewrite = (b) => b;
      expect((await viaProxy().createPayment(input("Q"))).payParams.qrCode).toMatch(/\/sandbox\/pay\/sbt_/);
    });

    it("refuses a qr_code swapped for the attacker's, with the genuine signature kept", async () => {
      rewrite = (b) => b.replace(/"qr_code":"[^"]*"/, '"qr_code":"https://qr.alipay.com/attacker"');
      await expect(viaProxy().createPayment(input("Q"))).rejects.toMatchObject({ code: "invalid_response_signature" });
    });

    it("refuses an answer re-signed with the attacker's own key, and one with the signature removed", async () => {
      const attacker = await generateRsaKeyPair();
      rewrite = (b) => {
        const inner = /^\{"alipay_trade_precreate_response":(\{.*\}),"sign":"[^"]*"\}$/.exec(b)?.[1] ?? "{}";
        const forged = inner.replace(/"qr_code":"[^"]*"/, '"qr_code":"https://qr.alipay.com/attacker"');
        return `{"alipay_trade_precreate_response":${forged},"sign":"${rsaSha256Sign(forged, attacker.privateKeyPem)}"}`;
      };
      await expect(viaProxy().createPayment(input("Q"))).rejects.toMatchObject({ code: "invalid_response_signature" });
      rewrite = (b) => b.replace(/,"sign":"[^"]*"\}$/, "}");
      await expect(viaProxy().createPayment(input("Q"))).rejects.toMatchObject({ name: "ChannelError" });
    });
  });
});
