import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSandboxNotification, showCashier, submitCashier } from "@/lib/sandbox/cashier";
import { alipayTime, fenToYuan, parseAlipayTime, wechatTime, yuanToFen } from "@/lib/sandbox/format";
import { generateRsaKeyPair, issueWechatCertificate, newApiV3Key, newWechatPublicKeyId, newWechatSerial } from "@/lib/sandbox/keys";
import { ensureSandboxIdentity } from "@/lib/sandbox/provision";
import { createMemorySandboxStore, type SandboxProvider, type SandboxStore, type SandboxTrade } from "@/lib/sandbox/store";
import {
  applyCashierOutcome,
  closeTrade,
  expireDueTrades,
  isAcknowledged,
  nextRetryDelayMs,
  retrySchedule,
  SandboxTradeError,
  type CashierOutcome,
} from "@/lib/sandbox/trades";

let store: SandboxStore;
const T0 = new Date("2026-11-25T08:00:00Z");

beforeAll(async () => {
  store = createMemorySandboxStore();
  await ensureSandboxIdentity(store);
  await store.saveAlipayApp({ appId: "9021000000000001", appPublicKeyPem: "unused", accountRef: "ca_a", mode: "test", sellerId: "2088000000000001", createdAt: T0 });
  await store.saveWechatMerchant({
    mchid: "1900000001",
    accountRef: "ca_w",
    mode: "test",
    appids: ["wx0000000000000001"],
    merchantCertPem: "",
    merchantCertSerial: "AA",
    merchantPublicKeyPem: "",
    apiV3Key: newApiV3Key(),
    signingMode: "public_key",
    createdAt: T0,
  });
});

let seq = 0;
async function newTrade(provider: SandboxProvider, overrides: Partial<SandboxTrade> = {}): Promise<SandboxTrade> {
  seq += 1;
  const trade: SandboxTrade = {
    id: `sbt_test${seq}`,
    provider,
    tradeType: provider === "alipay" ? "WAP" : "MWEB",
    appId: provider === "alipay" ? "9021000000000001" : "wx0000000000000001",
    mchid: provider === "alipay" ? null : "1900000001",
    outTradeNo: `T${seq}`,
    amountFen: 100,
    subject: "s",
    body: null,
    notifyUrl: "https://m.example.com/n",
    returnUrl: null,
    quitUrl: null,
    attach: null,
    status: provider === "alipay" ? "WAIT_BUYER_PAY" : "NOTPAY",
    providerTradeNo: `P${seq}`,
    prepayId: null,
    timeExpire: new Date(T0.getTime() + 3_600_000),
    openedAt: null,
    createdAt: T0,
    paidAt: null,
    closedAt: null,
    payerOpenid: null,
    buyerId: null,
    clientIp: null,
    ...overrides,
  };
  const { created } = await store.insertTrade(trade);
  expect(created).toBe(true);
  return trade;
}

describe.each(["alipay", "wechatpay"] as const)("scripted cashier outcomes (%s)", (provider) => {
  const PAID = provider === "alipay" ? "TRADE_SUCCESS" : "SUCCESS";
  const run = async (outcome: CashierOutcome) => {
    const t = await newTrade(provider);
    return { t, result: await applyCashierOutcome(store, t.id, outcome, T0) };
  };

  it("pay: paid, one immediate notification", async () => {
    const { t, result } = await run({ kind: "pay" });
    expect(result.trade).toMatchObject({ status: PAID, paidAt: T0 });
    expect(result.notifications).toEqual([{ provider, tradeId: t.id, notificationId: expect.any(String), delaySeconds: 0 }]);
    if (provider === "alipay") expect(result.trade.buyerId).toMatch(/^2088\d{12}$/);
    else expect(result.trade.payerOpenid).toMatch(/^o/);
  });

  it("pay twice: the second press changes nothing and sends nothing", async () => {
    const { t } = await run({ kind: "pay" });
    const again = await applyCashierOutcome(store, t.id, { kind: "pay" }, T0);
    expect(again).toMatchObject({ changed: false, notifications: [] });
  });

  it("pay_no_notify: paid, no notification", async () => {
    const { result } = await run({ kind: "pay_no_notify" });
    expect(result.trade.status).toBe(PAID);
    expect(result.notifications).toEqual([]);
  });

  it("notify_twice: two deliveries of the same notification", async () => {
    const { result } = await run({ kind: "notify_twice" });
    expect(result.notifications).toHaveLength(2);
    const [a, b] = result.notifications;
    expect(a?.notificationId).toBe(b?.notificationId);
    expect([a?.delaySeconds, b?.delaySeconds]).toEqual([0, 1]);
  });

  it("notify_delayed: one notification after the chosen delay", async () => {
    const { result } = await run({ kind: "notify_delayed", delaySeconds: 90 });
    expect(result.trade.status).toBe(PAID);
    expect(result.notifications.map((n) => n.delaySeconds)).toEqual([90]);
  });

  it("cancel: nothing changes, nothing is sent, the trade stays payable", async () => {
    const { t, result } = await run({ kind: "cancel" });
    expect(result.trade.status).toBe(t.status);
    expect(result.notifications).toEqual([]);
    expect((await applyCashierOutcome(store, t.id, { kind: "pay" }, T0)).trade.status).toBe(PAID);
  });

  it("reject: the payment fails without a notification", async () => {
    const { result } = await run({ kind: "reject" });
    expect(result.trade.status).toBe(provider === "alipay" ? "WAIT_BUYER_PAY" : "PAYERROR");
    expect(result.notifications).toEqual([]);
  });

  it("a trade without notify_url pays without notifications", async () => {
    const t = await newTrade(provider, { notifyUrl: null });
    expect((await applyCashierOutcome(store, t.id, { kind: "pay" }, T0)).notifications).toEqual([]);
  });

  it("closed and expired trades cannot be paid", async () => {
    const closed = await newTrade(provider);
    await closeTrade(store, closed, T0);
    await expect(applyCashierOutcome(store, closed.id, { kind: "pay" }, T0)).rejects.toThrow(SandboxTradeError);
    const expired = await newTrade(provider, { timeExpire: new Date(T0.getTime() - 1) });
    await expect(applyCashierOutcome(store, expired.id, { kind: "pay" }, T0)).rejects.toMatchObject({ code: "trade_closed" });
    expect((await store.getTrade(expired.id))?.status).toBe(provider === "alipay" ? "TRADE_CLOSED" : "CLOSED");
  });

  it("a paid trade cannot be closed", async () => {
    const { result } = await run({ kind: "pay" });
    await expect(closeTrade(store, result.trade, T0)).rejects.toMatchObject({ code: "trade_paid" });
  });
});

describe("expiry sweep", () => {
  it("closes overdue unpaid trades; Alipay notifies TRADE_CLOSED only for trades the buyer opened", async () => {
    const later = new Date(T0.getTime() + 10 * 3_600_000);
    const opened = await newTrade("alipay", { openedAt: T0 });
    const unopened = await newTrade("alipay");
    const wechat = await newTrade("wechatpay");
    const paid = await newTrade("wechatpay");
    await applyCashierOutcome(store, paid.id, { kind: "pay_no_notify" }, T0);
    const results = await expireDueTrades(store, later, 1000);
    const byId = new Map(results.map((r) => [r.trade.id, r]));
    expect(byId.get(opened.id)?.trade.status).toBe("TRADE_CLOSED");
    expect(byId.get(opened.id)?.notifications).toHaveLength(1);
    expect(byId.get(unopened.id)?.notifications).toEqual([]);
    expect(byId.get(wechat.id)?.trade).toMatchObject({ status: "CLOSED", closedAt: later });
    expect(byId.get(wechat.id)?.notifications).toEqual([]);
    expect(byId.has(paid.id)).toBe(false);
    expect(await expireDueTrades(store, later, 1000)).toEqual([]);
  });

  it("the Alipay TRADE_CLOSED notification builds and says so", async () => {
    const t = await newTrade("alipay", { openedAt: T0, timeExpire: T0 });
    const [result] = await expireDueTrades(store, T0, 1000).then((rs) => rs.filter((r) => r.trade.id === t.id));
    const intent = result?.notifications[0];
    if (!intent) throw new Error("no notification");
    const n = await buildSandboxNotification(store, intent, T0);
    const form = new URLSearchParams(n.body);
    expect(form.get("trade_status")).toBe("TRADE_CLOSED");
    expect(form.get("gmt_close")).toBe("2026-11-25 16:00:00");
    expect(form.get("notify_id")).toBe(intent.notificationId);
  });
});

describe("cashier page", () => {
  it("opening makes an Alipay trade visible; a paid trade shows as not payable", async () => {
    const t = await newTrade("alipay");
    const view = await showCashier(store, t.id, T0);
    expect(view).toMatchObject({ payable: true, amountFen: 100, amountYuan: "1.00" });
    expect((await store.getTrade(t.id))?.openedAt).toEqual(T0);
    await submitCashier(store, t.id, { kind: "pay" }, { now: T0 });
    expect((await showCashier(store, t.id, T0))?.payable).toBe(false);
    expect(await showCashier(store, "sbt_missing", T0)).toBeNull();
  });

  it("WeChat h5 returns to the merchant's redirect_url", async () => {
    const t = await newTrade("wechatpay");
    const r = await submitCashier(store, t.id, { kind: "pay" }, { now: T0, wechatRedirectUrl: "https://m.example.com/back" });
    expect(r.redirectUrl).toBe("https://m.example.com/back");
  });
});

describe("retry rules", () => {
  it("follows the documented schedules", () => {
    expect(retrySchedule("alipay")).toEqual([240, 600, 600, 3600, 7200, 21600, 54000]);
    expect(retrySchedule("wechatpay")).toEqual([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]);
    // WeChat's schedule spans about 24 hours in all.
    expect(retrySchedule("wechatpay").reduce((a, b) => a + b, 0)).toBe(24 * 3600 + 4 * 60);
  });

  it("gives the next delay, scaled, and null after the last attempt", () => {
    expect(nextRetryDelayMs("alipay", 1)).toBe(240_000);
    expect(nextRetryDelayMs("alipay", 7)).toBe(54_000_000);
    expect(nextRetryDelayMs("alipay", 8)).toBeNull();
    expect(nextRetryDelayMs("wechatpay", 1, 1000)).toBe(15);
    expect(nextRetryDelayMs("wechatpay", 16)).toBeNull();
  });

  it("Alipay needs exactly 'success'; WeChat any 2xx", () => {
    expect(isAcknowledged("alipay", 200, "success")).toBe(true);
    for (const body of ["success\n", "SUCCESS", " success", '{"code":"SUCCESS"}', "fail", ""]) expect(isAcknowledged("alipay", 200, body), body).toBe(false);
    expect(isAcknowledged("alipay", 302, "success")).toBe(false);
    expect(isAcknowledged("wechatpay", 200, "")).toBe(true);
    expect(isAcknowledged("wechatpay", 204, "")).toBe(true);
    expect(isAcknowledged("wechatpay", 200, '{"code":"FAIL"}')).toBe(true);
    expect(isAcknowledged("wechatpay", 500, '{"code":"SUCCESS"}')).toBe(false);
    expect(isAcknowledged("wechatpay", 301, "")).toBe(false);
  });
});

describe("formats and keys", () => {
  it("converts yuan strings by integer arithmetic", () => {
    expect(yuanToFen("88.88")).toBe(8888);
    expect(yuanToFen("0.1")).toBe(10);
    expect(yuanToFen("0.29")).toBe(29); // 0.29 * 100 is 28.999999999999996 in floats
    expect(yuanToFen("100000000")).toBe(10_000_000_000);
    for (const bad of ["", "1.", ".5", "1.234", "1e2", "-1", "01", "1,00", " 1"]) expect(yuanToFen(bad), bad).toBeNull();
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(123456)).toBe("1234.56");
  });

  it("speaks Beijing time whatever the process time zone", () => {
    const d = new Date("2026-01-31T16:30:05Z");
    expect(alipayTime(d)).toBe("2026-02-01 00:30:05");
    expect(wechatTime(d)).toBe("2026-02-01T00:30:05+08:00");
    expect(parseAlipayTime("2026-02-01 00:30:05")?.toISOString()).toBe("2026-01-31T16:30:05.000Z");
    expect(parseAlipayTime("2026-02-30 00:00")).toBeNull();
  });

  it("makes ids and certificates in the providers' shapes", async () => {
    expect(newWechatSerial()).toMatch(/^[1-7][0-9A-F]{39}$/);
    expect(newApiV3Key()).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(newWechatPublicKeyId()).toMatch(/^PUB_KEY_ID_\d{32}$/);
    const keys = await generateRsaKeyPair();
    const cert = issueWechatCertificate(keys, { commonName: "1900000001", organization: "测试商户", country: "CN" }, T0);
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.serialNumber).toBe(cert.serial);
    expect(x509.subject).toContain("CN=1900000001");
    expect(x509.issuer).toContain("CN=Tenpay.com Root CA");
    expect(new Date(x509.validTo).getTime()).toBe(Math.floor(cert.notAfter.getTime() / 1000) * 1000);
    expect(x509.publicKey.export({ type: "spki", format: "pem" })).toBe(keys.publicKeyPem);
    expect(x509.verify(x509.publicKey)).toBe(true);
  });
});
