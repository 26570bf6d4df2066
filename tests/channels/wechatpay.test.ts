import { createPublicKey, createSign, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChannel, getNotificationVerifier, getProvider, type NotificationVerifier, type PaymentChannel, type WechatpayCredentials } from "@/lib/channels";
import { submitCashier } from "@/lib/sandbox/cashier";
import { generateRsaKeyPair } from "@/lib/sandbox/keys";
import { provisionWechatMerchant, type WechatSandboxCredentials } from "@/lib/sandbox/provision";
import type { SandboxTrade, WechatSigningMode } from "@/lib/sandbox/store";
import { buildWechatNotification, verifyJsapiPayRequest } from "@/lib/sandbox/wechatpay";
import { startHarness, type Harness } from "../sandbox/harness";
import { closedPortBase, deliveredNotification, expectPaidNotification, newOutTradeNo, startSilentServer, wechatCredentials } from "./helpers";

let h: Harness;
const merchants: Partial<Record<WechatSigningMode, WechatSandboxCredentials>> = {};

beforeAll(async () => {
  h = await startHarness();
  merchants.public_key = await provisionWechatMerchant(h.store, { accountRef: "ca_wx_pk", signingMode: "public_key" });
  merchants.platform_certificate = await provisionWechatMerchant(h.store, { accountRef: "ca_wx_cert", signingMode: "platform_certificate" });
});
afterAll(() => h.close());

function sandboxCreds(mode: WechatSigningMode): WechatSandboxCredentials {
  const c = merchants[mode];
  if (!c) throw new Error(`no ${mode} merchant`);
  return c;
}

const inThirtyMinutes = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 60_000);

function paymentInput(amountFen = 8888, extra: { clientIp?: string; openId?: string; returnUrl?: string } = {}) {
  return {
    outTradeNo: newOutTradeNo("W"),
    amountFen,
    subject: "测试商品 h5",
    notifyUrl: "https://payrelay.example/api/callbacks/wechatpay/ca_1",
    expiresAt: inThirtyMinutes(),
    clientIp: "203.0.113.7",
    openId: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    ...extra,
  };
}

async function tradeOf(creds: WechatpayCredentials, outTradeNo: string): Promise<SandboxTrade> {
  const trade = await h.store.findTradeByOutTradeNo("wechatpay", creds.mchId, outTradeNo);
  if (!trade) throw new Error(`no sandbox trade ${outTradeNo}`);
  return trade;
}

/** Re-signs a (tampered) notification body with the sandbox's own key, as a compromised path could not. */
async function resign(body: string, headers: Headers, mode: WechatSigningMode): Promise<Headers> {
  const identity = await h.store.getIdentity();
  if (!identity) throw new Error("no sandbox identity");
  const key = mode === "public_key" ? identity.wechatPublicKeyPrivatePem : identity.wechatPlatformPrivateKeyPem;
  const ts = headers.get("wechatpay-timestamp") ?? "";
  const nonce = headers.get("wechatpay-nonce") ?? "";
  const out = new Headers(headers);
  out.set("wechatpay-signature", createSign("RSA-SHA256").update(`${ts}\n${nonce}\n${body}\n`).sign(key, "base64"));
  return out;
}

describe.each(["public_key", "platform_certificate"] as const)("WeChat Pay in %s mode", (mode) => {
  let creds: WechatpayCredentials;
  let h5: PaymentChannel;
  let jsapi: PaymentChannel;
  let notifications: NotificationVerifier;

  beforeAll(() => {
    creds = wechatCredentials(h, sandboxCreds(mode));
    h5 = getChannel("wechat_h5", creds);
    jsapi = getChannel("wechat_jsapi", creds);
    notifications = getNotificationVerifier(creds);
  });

  it("verifies answers with the key id WeChat names: PUB_KEY_ID or certificate serial", () => {
    expect(creds.platformPublicKeyId.startsWith("PUB_KEY_ID_")).toBe(mode === "public_key");
  });

  it("wechat_h5: creates the order and returns its h5Url, with the buyer's way back appended", async () => {
    const input = paymentInput(8888, { returnUrl: "https://shop.example/back?o=1" });
    const { payParams } = await h5.createPayment(input);
    expect(Object.keys(payParams)).toEqual(["h5Url"]);
    const trade = await tradeOf(creds, input.outTradeNo);
    const url = new URL(payParams.h5Url ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(`${h.cashierBase}/sandbox/pay/${trade.id}`);
    expect(url.searchParams.get("prepay_id")).toBe(trade.prepayId);
    expect(url.searchParams.get("redirect_url")).toBe("https://shop.example/back?o=1");
    expect(trade).toMatchObject({ tradeType: "MWEB", amountFen: 8888, subject: input.subject, clientIp: "203.0.113.7", notifyUrl: input.notifyUrl, attach: null });
    expect(trade.timeExpire.getTime()).toBe(input.expiresAt.getTime());
  });

  it("wechat_jsapi: returns getBrandWCPayRequest parameters whose paySign verifies with the merchant key", async () => {
    const input = paymentInput(1);
    const { payParams } = await jsapi.createPayment(input);
    const trade = await tradeOf(creds, input.outTradeNo);
    expect(Object.keys(payParams).sort()).toEqual(["appId", "nonceStr", "package", "paySign", "signType", "timeStamp"]);
    expect(payParams).toMatchObject({ appId: creds.appId, package: `prepay_id=${trade.prepayId}`, signType: "RSA" });
    expect(Math.abs(Number(payParams.timeStamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(trade).toMatchObject({ tradeType: "JSAPI", payerOpenid: input.openId, amountFen: 1 });

    const merchantPublicKey = createPublicKey(sandboxCreds(mode).merchantCertPem);
    const signed = `${payParams.appId}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    expect(verify("RSA-SHA256", Buffer.from(signed), merchantPublicKey, Buffer.from(payParams.paySign ?? "", "base64"))).toBe(true);
    // The sandbox's fake WeixinJSBridge agrees, and refuses a parameter changed after signing.
    const bridge = { appId: "", timeStamp: "", nonceStr: "", package: "", signType: "", paySign: "", ...payParams };
    expect(await verifyJsapiPayRequest(h.store, trade, bridge)).toEqual({ ok: true });
    expect(await verifyJsapiPayRequest(h.store, trade, { ...bridge, timeStamp: String(Number(bridge.timeStamp) + 1) })).toMatchObject({ ok: false });
  });

  it("refuses to create without the buyer's clientIp (h5) or openId (jsapi), before calling WeChat", async () => {
    await expect(h5.createPayment({ ...paymentInput(), clientIp: undefined })).rejects.toMatchObject({ code: "invalid_request", createdAtChannel: "no" });
    await expect(jsapi.createPayment({ ...paymentInput(), openId: undefined })).rejects.toMatchObject({ code: "invalid_request", createdAtChannel: "no" });
  });

  it("queries pending, then paid with transaction id, amount and time; unknown orders are not_found", async () => {
    const input = paymentInput(4321);
    await h5.createPayment(input);
    expect(await h5.queryPayment(input.outTradeNo)).toMatchObject({ status: "pending", amountFen: 4321, channelTradeNo: undefined });

    const { trade } = await submitCashier(h.store, (await tradeOf(creds, input.outTradeNo)).id, { kind: "pay" }, { now: new Date() });
    const paid = await h5.queryPayment(input.outTradeNo);
    expect(paid).toMatchObject({ status: "paid", amountFen: 4321, channelTradeNo: trade.providerTradeNo });
    expect(paid.paidAt?.getTime()).toBe(Math.floor((trade.paidAt?.getTime() ?? 0) / 1000) * 1000);
    expect(paid.raw).toMatchObject({ trade_state: "SUCCESS", out_trade_no: input.outTradeNo });

    expect(await jsapi.queryPayment("NO_SUCH_ORDER_1")).toMatchObject({ status: "not_found" });
  });

  it("closes an unpaid order; a paid one is already_paid; an unknown one not_found", async () => {
    const open = paymentInput();
    await jsapi.createPayment(open);
    expect(await jsapi.closePayment(open.outTradeNo)).toEqual({ result: "closed" });
    expect(await jsapi.queryPayment(open.outTradeNo)).toMatchObject({ status: "closed" });

    const paid = paymentInput();
    await h5.createPayment(paid);
    await submitCashier(h.store, (await tradeOf(creds, paid.outTradeNo)).id, { kind: "pay" }, { now: new Date() });
    expect(await h5.closePayment(paid.outTradeNo)).toEqual({ result: "already_paid" });
    expect(await h5.closePayment("NO_SUCH_ORDER_2")).toEqual({ result: "not_found" });
  });

  describe("notifications", () => {
    async function paidNotification(amountFen = 2500) {
      const input = paymentInput(amountFen);
      await jsapi.createPayment(input);
      const { trade, notifications } = await submitCashier(h.store, (await tradeOf(creds, input.outTradeNo)).id, { kind: "pay" }, { now: new Date() });
      return { trade, intent: notifications[0], req: await deliveredNotification(h, notifications[0]) };
    }

    it("verifies the signature, decrypts the resource and normalises it", async () => {
      const { trade, intent, req } = await paidNotification(2500);
      const n = await notifications.parseNotification(req);
      expectPaidNotification(n, trade, { amountFen: 2500, appId: creds.appId, mchId: creds.mchId, notificationId: intent?.notificationId });
    });

    it("rejects a body changed after signing", async () => {
      const { req } = await paidNotification();
      const rawBody = req.rawBody.replace('"summary":"支付成功"', '"summary":"支付失败"');
      expect(rawBody).not.toBe(req.rawBody);
      const n = await notifications.parseNotification({ headers: req.headers, rawBody });
      expect(n).toMatchObject({ verified: false, reason: expect.stringContaining("does not verify") });
      // The order number is inside the encrypted resource: nothing is claimed.
      expect(n).not.toHaveProperty("claimedOutTradeNo");
    });

    it("rejects a validly signed body whose ciphertext fails the GCM tag (flipped byte, or other AAD)", async () => {
      const { req } = await paidNotification();
      const event = JSON.parse(req.rawBody);
      const raw = Buffer.from(event.resource.ciphertext, "base64");
      raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
      const flipped = JSON.stringify({ ...event, resource: { ...event.resource, ciphertext: raw.toString("base64") } });
      const otherAad = JSON.stringify({ ...event, resource: { ...event.resource, associated_data: "certificate" } });
      for (const body of [flipped, otherAad]) {
        const n = await notifications.parseNotification({ headers: await resign(body, req.headers, mode), rawBody: body });
        expect(n).toMatchObject({ verified: false, reason: expect.stringContaining("decrypt") });
      }
    });

    it("rejects a genuine notification under the wrong APIv3 key, the wrong key id, or a stale timestamp", async () => {
      const { req } = await paidNotification();
      const wrongApiKey = getNotificationVerifier({ ...creds, apiV3Key: "0".repeat(32) });
      expect(await wrongApiKey.parseNotification(req)).toMatchObject({ verified: false });
      const wrongId = getNotificationVerifier({ ...creds, platformPublicKeyId: "PUB_KEY_ID_0000000000000000000000000000000" });
      expect(await wrongId.parseNotification(req)).toMatchObject({ verified: false, reason: expect.stringContaining("expected") });
      const later = getNotificationVerifier(creds, { now: () => new Date(Date.now() + 6 * 60_000) });
      expect(await later.parseNotification(req)).toMatchObject({ verified: false, reason: expect.stringContaining("5 minutes") });
    });

    it("rejects WeChat's SIGNTEST probe signature and missing headers", async () => {
      const input = paymentInput();
      await h5.createPayment(input);
      const { trade } = await submitCashier(h.store, (await tradeOf(creds, input.outTradeNo)).id, { kind: "pay_no_notify" }, { now: new Date() });
      const probe = await buildWechatNotification(h.store, trade, { probeSignature: true });
      expect(await notifications.parseNotification({ headers: new Headers(probe.headers), rawBody: probe.body })).toMatchObject({ verified: false });
      expect(await notifications.parseNotification({ headers: new Headers(), rawBody: probe.body })).toMatchObject({ verified: false, reason: expect.stringContaining("missing") });
    });
  });
});

describe("trusting only the configured platform key", () => {
  it("rejects answers signed by another key, or under another key id, with a ChannelError", async () => {
    const creds = wechatCredentials(h, sandboxCreds("public_key"));
    const input = paymentInput();
    await getChannel("wechat_h5", creds).createPayment(input);
    const other = await generateRsaKeyPair();
    const wrongKey = getChannel("wechat_h5", { ...creds, platformPublicKey: other.publicKeyPem });
    await expect(wrongKey.queryPayment(input.outTradeNo)).rejects.toMatchObject({ name: "ChannelError", code: "invalid_response_signature", httpStatus: 200 });
    // Creating under a key we cannot verify: the order may exist at WeChat, so the outcome is unknown.
    await expect(wrongKey.createPayment(paymentInput())).rejects.toMatchObject({ code: "invalid_response_signature", createdAtChannel: "unknown" });

    const certMerchant = wechatCredentials(h, sandboxCreds("platform_certificate"));
    const certOrder = paymentInput();
    await getChannel("wechat_h5", certMerchant).createPayment(certOrder);
    const wrongId = getChannel("wechat_h5", { ...certMerchant, platformPublicKeyId: "0".repeat(40) });
    await expect(wrongId.queryPayment(certOrder.outTradeNo)).rejects.toMatchObject({ code: "invalid_response_signature" });
  });

  it("does not take an error answer it cannot verify as a fact (a forged 404 is not not_found)", async () => {
    const creds = wechatCredentials(h, sandboxCreds("public_key"));
    const other = await generateRsaKeyPair();
    const wrongKey = getChannel("wechat_h5", { ...creds, platformPublicKey: other.publicKeyPem });
    await expect(wrongKey.queryPayment("NO_SUCH_ORDER_3")).rejects.toMatchObject({ name: "ChannelError", code: "ORDER_NOT_EXIST", httpStatus: 404 });
    await expect(wrongKey.closePayment("NO_SUCH_ORDER_3")).rejects.toMatchObject({ code: "ORDER_NOT_EXIST" });
  });

  it("rejects answers more than 5 minutes away from our clock", async () => {
    const creds = wechatCredentials(h, sandboxCreds("public_key"));
    const input = paymentInput();
    await getChannel("wechat_h5", creds).createPayment(input);
    for (const offsetMs of [-6 * 60_000, 6 * 60_000]) {
      const skewed = getChannel("wechat_h5", creds, { now: () => new Date(Date.now() + offsetMs) });
      await expect(skewed.queryPayment(input.outTradeNo)).rejects.toMatchObject({ code: "invalid_response_signature" });
    }
    const slightlyOff = getChannel("wechat_h5", creds, { now: () => new Date(Date.now() + 4 * 60_000) });
    expect(await slightlyOff.queryPayment(input.outTradeNo)).toMatchObject({ status: "pending" });
  });

  it("a merchant migrating from certificates asks for public-key signatures via Wechatpay-Serial", async () => {
    const identity = await h.store.getIdentity();
    const certMerchant = wechatCredentials(h, sandboxCreds("platform_certificate"), {
      platformPublicKey: identity?.wechatPublicKeyPem ?? "",
      platformPublicKeyId: identity?.wechatPublicKeyId ?? "",
    });
    expect(await getChannel("wechat_jsapi", certMerchant).queryPayment("NO_SUCH_ORDER_4")).toMatchObject({ status: "not_found" });
  });
});

describe("more than one platform key at a time (a rotation at WeChat's side)", () => {
  it("trusts a certificate serial and a PUB_KEY_ID key together; Wechatpay-Serial picks the key", async () => {
    const identity = (await h.store.getIdentity())!;
    const cert = sandboxCreds("platform_certificate");
    // Configured with the new public key first and the certificate WeChat still signs with beside it.
    const creds = wechatCredentials(h, cert, {
      platformPublicKey: identity.wechatPublicKeyPem,
      platformPublicKeyId: identity.wechatPublicKeyId,
      additionalPlatformKeys: [{ publicKey: cert.platformPublicKeyPem, id: cert.platformKeyId }],
    });
    const input = paymentInput(3100);
    await getChannel("wechat_h5", creds).createPayment(input);
    const { trade } = await submitCashier(h.store, (await tradeOf(creds, input.outTradeNo)).id, { kind: "pay_no_notify" }, { now: new Date() });
    const n = await buildWechatNotification(h.store, trade);
    expect(n.headers["Wechatpay-Serial"]).toBe(cert.platformKeyId);
    const verifier = getNotificationVerifier(creds);
    expect(await verifier.parseNotification({ headers: new Headers(n.headers), rawBody: n.body })).toMatchObject({ verified: true, outTradeNo: input.outTradeNo });
    // Signed with the public key (the other one trusted), named by its id: verified too.
    const byPublicKey = new Headers(n.headers);
    byPublicKey.set("wechatpay-serial", identity.wechatPublicKeyId);
    const signed = await resign(n.body, byPublicKey, "public_key");
    expect(await verifier.parseNotification({ headers: signed, rawBody: n.body })).toMatchObject({ verified: true });
    // The header picks the key: the certificate's signature under the public key's id fails, and an unknown id is refused.
    expect(await verifier.parseNotification({ headers: byPublicKey, rawBody: n.body })).toMatchObject({ verified: false, reason: expect.stringContaining("does not verify") });
    const unknown = new Headers(n.headers);
    unknown.set("wechatpay-serial", "PUB_KEY_ID_0000000000000000000000000000000");
    expect(await verifier.parseNotification({ headers: unknown, rawBody: n.body })).toMatchObject({ verified: false, reason: expect.stringContaining("PUB_KEY_ID_0000") });
    // Only the configured keys: without the additional one the certificate's notification is refused.
    const single = wechatCredentials(h, cert, { platformPublicKey: identity.wechatPublicKeyPem, platformPublicKeyId: identity.wechatPublicKeyId });
    expect(await getNotificationVerifier(single).parseNotification({ headers: new Headers(n.headers), rawBody: n.body })).toMatchObject({ verified: false });
  });
});

describe("errors", () => {
  it("a non-2xx from WeChat becomes a ChannelError with WeChat's code", async () => {
    const creds = wechatCredentials(h, sandboxCreds("public_key"));
    const other = await generateRsaKeyPair();
    const forger = getChannel("wechat_h5", { ...creds, privateKey: other.privateKeyPem });
    await expect(forger.createPayment(paymentInput())).rejects.toMatchObject({ name: "ChannelError", code: "SIGN_ERROR", httpStatus: 401, createdAtChannel: "no" });

    const channel = getChannel("wechat_h5", creds);
    const input = paymentInput(100);
    await channel.createPayment(input);
    await expect(channel.createPayment({ ...input, amountFen: 101 })).rejects.toMatchObject({ code: "INVALID_REQUEST", httpStatus: 400 });
  });

  it("refuses an outTradeNo that would change the signed URL path, before calling WeChat", async () => {
    const channel = getChannel("wechat_h5", wechatCredentials(h, sandboxCreds("public_key")));
    for (const bad of ["../../certificates", "ord_1?mchid=1", "ord_1/close", "short"]) {
      await expect(channel.queryPayment(bad), bad).rejects.toMatchObject({ code: "invalid_request", createdAtChannel: "no" });
      await expect(channel.closePayment(bad), bad).rejects.toMatchObject({ code: "invalid_request" });
      await expect(channel.createPayment({ ...paymentInput(), outTradeNo: bad }), bad).rejects.toMatchObject({ code: "invalid_request" });
    }
  });

  it("network failures and timeouts are network_error with an unknown outcome", async () => {
    const creds = wechatCredentials(h, sandboxCreds("public_key"));
    const refused = getChannel("wechat_h5", { ...creds, apiBase: await closedPortBase() });
    await expect(refused.createPayment(paymentInput())).rejects.toMatchObject({ code: "network_error", createdAtChannel: "unknown" });

    const silent = await startSilentServer();
    try {
      const slow = getChannel("wechat_jsapi", { ...creds, apiBase: silent.base }, { timeoutMs: 300 });
      const started = Date.now();
      await expect(slow.createPayment(paymentInput())).rejects.toMatchObject({ code: "network_error", createdAtChannel: "unknown" });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });

  it("acknowledges with 204, or {code: FAIL} so WeChat sends it again: 400 for the sender's fault, 500 for ours", () => {
    expect(getProvider("wechatpay").acknowledgeSuccess()).toMatchObject({ status: 204, body: "" });
    const fail = getProvider("wechatpay").acknowledgeFailure("not recorded");
    expect(fail.status).toBe(500);
    expect(JSON.parse(fail.body)).toEqual({ code: "FAIL", message: "not recorded" });
    expect(getProvider("wechatpay").acknowledgeFailure("bad signature", "rejected").status).toBe(400);
  });
});
