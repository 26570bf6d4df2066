import { createSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError, getChannel, getNotificationVerifier, getProvider, type AlipayCredentials, type NotificationVerifier, type PaymentChannel } from "@/lib/channels";
import { formatBeijingTime } from "@/lib/channels/beijing-time";
import { alipayClients, signedPageUrl } from "@/lib/channels/alipay/client";
import { showCashier, submitCashier } from "@/lib/sandbox/cashier";
import { generateRsaKeyPair } from "@/lib/sandbox/keys";
import { getSandboxIdentityOrThrow, provisionAlipayApp, type AlipaySandboxCredentials } from "@/lib/sandbox/provision";
import type { SandboxTrade } from "@/lib/sandbox/store";
import { startHarness, type Harness } from "../sandbox/harness";
import { alipayCredentials, closedPortBase, deliveredNotification, expectPaidNotification, newOutTradeNo, startSilentServer } from "./helpers";

let h: Harness;
let sandboxCreds: AlipaySandboxCredentials;
let creds: AlipayCredentials;
let channel: PaymentChannel;
let notifications: NotificationVerifier;

beforeAll(async () => {
  h = await startHarness();
  sandboxCreds = await provisionAlipayApp(h.store, { accountRef: "ca_alipay" });
  creds = alipayCredentials(h, sandboxCreds);
  channel = getChannel("alipay_h5", creds);
  notifications = getNotificationVerifier(creds);
});
afterAll(() => h.close());

const inThirtyMinutes = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 60_000);

function paymentInput(outTradeNo = newOutTradeNo("A"), amountFen = 8888) {
  return {
    outTradeNo,
    amountFen,
    subject: "测试 商品/1 & 100% off",
    notifyUrl: "https://payrelay.example/api/callbacks/alipay/ca_1",
    returnUrl: "https://shop.example/back?order=1",
    expiresAt: inThirtyMinutes(),
  };
}

/** Opens the payUrl the way the buyer's browser does; the sandbox answers with a redirect to its cashier. */
async function openPayUrl(payUrl: string | undefined): Promise<SandboxTrade> {
  const res = await fetch(payUrl ?? "", { redirect: "manual" });
  expect(res.status, await res.clone().text()).toBe(302);
  const id = /\/sandbox\/pay\/(sbt_\w+)$/.exec(res.headers.get("location") ?? "")?.[1];
  const trade = await h.store.getTrade(id ?? "");
  if (!trade) throw new Error(`no trade behind ${res.headers.get("location")}`);
  return trade;
}

async function createOpenedTrade(amountFen = 8888): Promise<SandboxTrade> {
  const input = paymentInput(newOutTradeNo("A"), amountFen);
  const trade = await openPayUrl((await channel.createPayment(input)).payParams.payUrl);
  await showCashier(h.store, trade.id, new Date());
  return trade;
}

describe("signedPageUrl", () => {
  it("builds byte for byte the URL the SDK's pageExec builds, signature included, with and without a return URL", async () => {
    const { page } = alipayClients(creds, 1000);
    const bizContent = { out_trade_no: newOutTradeNo("A"), total_amount: "88.88", subject: "测试 商品/1 & 100% off", product_code: "QUICK_WAP_WAY", time_expire: "2026-12-01 10:00:00", quit_url: "https://shop.example/back?order=1&x=%20" };
    for (const method of ["alipay.trade.wap.pay", "alipay.trade.page.pay"]) {
      for (const returnUrl of ["https://shop.example/back?order=1&x=%20", undefined]) {
        const params = { bizContent, notifyUrl: "https://payrelay.example/api/callbacks/alipay/ca_1?a=b c", timestamp: "2026-12-01 09:30:00", ...(returnUrl ? { returnUrl } : {}) };
        const ours = await signedPageUrl(page, method, params);
        expect(ours).toBe(page.pageExec(method, "GET", params));
      }
    }
  });
});

describe("createPayment", () => {
  it("returns a GET payUrl to the gateway that the sandbox accepts, with the order as we sent it", async () => {
    const input = paymentInput(newOutTradeNo("A"), 8888);
    const { payParams, channelTradeNo } = await channel.createPayment(input);
    expect(Object.keys(payParams)).toEqual(["payUrl"]);
    expect(channelTradeNo).toBeUndefined();
    expect(payParams.payUrl?.startsWith(`${creds.gateway}?`)).toBe(true);

    const trade = await openPayUrl(payParams.payUrl);
    expect(trade).toMatchObject({
      appId: creds.appId,
      outTradeNo: input.outTradeNo,
      amountFen: 8888,
      subject: input.subject,
      notifyUrl: input.notifyUrl,
      returnUrl: input.returnUrl,
      quitUrl: input.returnUrl,
      status: "WAIT_BUYER_PAY",
      // Our attach never travels to the channel (no passback_params).
      attach: null,
    });
    expect(trade.timeExpire.getTime()).toBe(input.expiresAt.getTime());
  });

  it("turns fen into yuan exactly, including amounts floats get wrong", async () => {
    for (const [fen, yuan] of [[1, "0.01"], [29, "0.29"], [100, "1.00"], [1_000_000_01, "1000000.01"]] as const) {
      const { payParams } = await channel.createPayment(paymentInput(newOutTradeNo("A"), fen));
      const biz = JSON.parse(new URL(payParams.payUrl ?? "").searchParams.get("biz_content") ?? "{}");
      expect(biz.total_amount).toBe(yuan);
      expect((await openPayUrl(payParams.payUrl)).amountFen).toBe(fen);
    }
    await expect(channel.createPayment(paymentInput(newOutTradeNo("A"), 12.5))).rejects.toMatchObject({ code: "invalid_request", createdAtChannel: "no" });
    await expect(channel.createPayment(paymentInput(newOutTradeNo("A"), 0))).rejects.toBeInstanceOf(ChannelError);
  });

  it("refuses an outTradeNo Alipay would not take, before anything is signed", async () => {
    for (const bad of ["", "a/b", "x".repeat(65), "订单1"]) {
      await expect(channel.createPayment({ ...paymentInput(), outTradeNo: bad }), bad).rejects.toMatchObject({ code: "invalid_request", createdAtChannel: "no" });
      await expect(channel.queryPayment(bad), bad).rejects.toMatchObject({ code: "invalid_request" });
    }
  });

  it("stamps timestamp and time_expire in Beijing time even when the process runs in another zone", async () => {
    const previous = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const now = new Date("2026-01-15T23:30:00Z"); // 07:30 next day in Beijing, 18:30 in New York
      const clocked = getChannel("alipay_h5", creds, { now: () => now });
      const expiresAt = new Date("2026-01-16T00:00:00Z");
      const url = new URL((await clocked.createPayment({ ...paymentInput(), expiresAt })).payParams.payUrl ?? "");
      expect(url.searchParams.get("timestamp")).toBe("2026-01-16 07:30:00");
      expect(JSON.parse(url.searchParams.get("biz_content") ?? "{}").time_expire).toBe("2026-01-16 08:00:00");
    } finally {
      process.env.TZ = previous;
    }
    expect(formatBeijingTime(new Date("2026-01-15T23:30:00Z"))).toBe("2026-01-16 07:30:00");
  });

  it("puts browserGateway in the payUrl; the signature does not depend on the host", async () => {
    const browserGateway = "https://alipay.browser.example/sandbox/alipay/gateway.do";
    const split = getChannel("alipay_h5", { ...creds, browserGateway });
    const { payParams } = await split.createPayment(paymentInput());
    expect(payParams.payUrl?.startsWith(`${browserGateway}?`)).toBe(true);
    const trade = await openPayUrl(payParams.payUrl?.replace("https://alipay.browser.example", h.base));
    expect(trade.appId).toBe(creds.appId);
  });
});

describe("queryPayment", () => {
  it("is not_found until the buyer opens the cashier (Alipay creates the trade then), then pending", async () => {
    const input = paymentInput();
    const trade = await openPayUrl((await channel.createPayment(input)).payParams.payUrl);
    expect(await channel.queryPayment(input.outTradeNo)).toMatchObject({ status: "not_found" });
    await showCashier(h.store, trade.id, new Date());
    const pending = await channel.queryPayment(input.outTradeNo);
    expect(pending).toMatchObject({ status: "pending", channelTradeNo: trade.providerTradeNo, amountFen: 8888 });
    expect(pending.paidAt).toBeUndefined();
  });

  it("reports paid with the trade number, amount in fen and payment time after the buyer pays", async () => {
    const trade = await createOpenedTrade(1234_05);
    const { trade: paid } = await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    const result = await channel.queryPayment(trade.outTradeNo);
    expect(result).toMatchObject({ status: "paid", channelTradeNo: trade.providerTradeNo, amountFen: 1234_05 });
    expect(result.paidAt?.getTime()).toBe(Math.floor((paid.paidAt?.getTime() ?? 0) / 1000) * 1000);
    expect(result.raw).toMatchObject({ code: "10000", trade_status: "TRADE_SUCCESS", total_amount: "1234.05" });
  });

  it("is not_found for an unknown trade", async () => {
    expect(await channel.queryPayment("NO_SUCH_TRADE_1")).toMatchObject({ status: "not_found" });
  });

  it("rejects an answer signed with a key that is not the configured Alipay public key", async () => {
    const trade = await createOpenedTrade();
    const other = await generateRsaKeyPair();
    const suspicious = getChannel("alipay_h5", { ...creds, alipayPublicKey: other.publicKeyPem });
    await expect(suspicious.queryPayment(trade.outTradeNo)).rejects.toMatchObject({ name: "ChannelError", code: "invalid_response_signature" });
  });

  it("reports Alipay's refusal code when our request signature is wrong", async () => {
    const other = await generateRsaKeyPair();
    const forger = getChannel("alipay_h5", { ...creds, privateKey: other.privateKeyPem });
    await expect(forger.queryPayment("X1")).rejects.toMatchObject({ code: "isv.invalid-signature", createdAtChannel: "no" });
  });

  it("fails with network_error (outcome unknown) when Alipay is unreachable or silent", async () => {
    const refused = getChannel("alipay_h5", { ...creds, gateway: `${await closedPortBase()}/gateway.do` });
    await expect(refused.queryPayment("X1")).rejects.toMatchObject({ code: "network_error", createdAtChannel: "unknown" });

    const silent = await startSilentServer();
    try {
      const slow = getChannel("alipay_h5", { ...creds, gateway: `${silent.base}/gateway.do` }, { timeoutMs: 300 });
      const started = Date.now();
      await expect(slow.queryPayment("X1")).rejects.toMatchObject({ code: "network_error", createdAtChannel: "unknown" });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });
});

describe("closePayment", () => {
  it("closes an opened unpaid trade, which then queries as closed", async () => {
    const trade = await createOpenedTrade();
    expect(await channel.closePayment(trade.outTradeNo)).toEqual({ result: "closed" });
    expect(await channel.queryPayment(trade.outTradeNo)).toMatchObject({ status: "closed" });
    expect(await channel.closePayment(trade.outTradeNo)).toEqual({ result: "closed" });
  });

  it("says already_paid for a paid trade and not_found for one Alipay does not know", async () => {
    const trade = await createOpenedTrade();
    await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    expect(await channel.closePayment(trade.outTradeNo)).toEqual({ result: "already_paid" });
    expect(await channel.closePayment("NO_SUCH_TRADE_2")).toEqual({ result: "not_found" });
  });
});

describe("parseNotification", () => {
  async function paidNotification(amountFen = 6660) {
    const trade = await createOpenedTrade(amountFen);
    const { trade: paid, notifications } = await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    return { trade: paid, intent: notifications[0], req: await deliveredNotification(h, notifications[0]) };
  }

  it("verifies the sandbox's notification and normalises it", async () => {
    const { trade, intent, req } = await paidNotification(6660);
    const n = await notifications.parseNotification(req);
    expectPaidNotification(n, trade, { amountFen: 6660, appId: creds.appId, notificationId: intent?.notificationId });
  });

  it("rejects a tampered amount, a replaced or missing signature, and a repeated field", async () => {
    const { req } = await paidNotification(6660);
    const form = new URLSearchParams(req.rawBody);
    const variants: Record<string, URLSearchParams> = {};
    variants.amount = new URLSearchParams(form);
    variants.amount.set("total_amount", "0.01");
    variants.sign = new URLSearchParams(form);
    variants.sign.set("sign", Buffer.from("x".repeat(256)).toString("base64"));
    variants.unsigned = new URLSearchParams(form);
    variants.unsigned.delete("sign");
    variants.repeated = new URLSearchParams(form);
    variants.repeated.append("total_amount", "0.01");
    for (const [name, body] of Object.entries(variants)) {
      const n = await notifications.parseNotification({ headers: req.headers, rawBody: body.toString() });
      expect(n.verified, name).toBe(false);
      // The form names its order even unverified: a claim to ask the channel about, never to act on.
      expect(n, name).toMatchObject({ claimedOutTradeNo: form.get("out_trade_no") });
    }
    expect((await notifications.parseNotification({ headers: req.headers, rawBody: "" })).verified).toBe(false);
    expect((await notifications.parseNotification({ headers: req.headers, rawBody: "{\"json\":true}" })).verified).toBe(false);
  });

  it("accepts sign_type RSA2 only: a form saying RSA is refused, even when signed with Alipay's own key under RSA-SHA1", async () => {
    const { req } = await paidNotification(6660);
    const form = new URLSearchParams(req.rawBody);
    const identity = await getSandboxIdentityOrThrow(h.store);
    // The exact content Alipay signs: every non-empty field but sign and sign_type, sorted, key=value joined by &.
    const content = [...form.entries()]
      .filter(([k, v]) => k !== "sign" && k !== "sign_type" && v !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const sha1 = new URLSearchParams(form);
    sha1.set("sign_type", "RSA");
    sha1.set("sign", createSign("RSA-SHA1").update(content, "utf8").sign(identity.alipayPrivateKeyPem, "base64"));
    const downgraded = await notifications.parseNotification({ headers: req.headers, rawBody: sha1.toString() });
    expect(downgraded).toMatchObject({ verified: false, claimedOutTradeNo: form.get("out_trade_no") });
    // The genuine RSA2 signature with sign_type changed to RSA is refused too, and so is any other value.
    for (const signType of ["RSA", "rsa2", "HMAC"]) {
      const relabelled = new URLSearchParams(form);
      relabelled.set("sign_type", signType);
      expect((await notifications.parseNotification({ headers: req.headers, rawBody: relabelled.toString() })).verified, signType).toBe(false);
    }
    // Without sign_type the notification is still read as RSA2 (the signature does not cover it).
    const unlabelled = new URLSearchParams(form);
    unlabelled.delete("sign_type");
    expect((await notifications.parseNotification({ headers: req.headers, rawBody: unlabelled.toString() })).verified).toBe(true);
  });

  it("rejects a genuine notification when we trust another Alipay public key", async () => {
    const { req } = await paidNotification();
    const other = await generateRsaKeyPair();
    const n = await getNotificationVerifier({ ...creds, alipayPublicKey: other.publicKeyPem }).parseNotification(req);
    expect(n).toMatchObject({ verified: false });
  });

  it("acknowledges with exactly `success`, or `fail` so Alipay sends it again", () => {
    expect(getProvider("alipay").acknowledgeSuccess()).toEqual({ status: 200, body: "success", contentType: "text/plain; charset=utf-8" });
    expect(getProvider("alipay").acknowledgeFailure().body).toBe("fail");
  });
});
