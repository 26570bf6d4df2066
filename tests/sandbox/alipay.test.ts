import { createVerify } from "node:crypto";
import { AlipaySdk } from "alipay-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAlipayNotification } from "@/lib/sandbox/alipay";
import { showCashier, submitCashier } from "@/lib/sandbox/cashier";
import { generateRsaKeyPair } from "@/lib/sandbox/keys";
import { provisionAlipayApp, type AlipaySandboxCredentials } from "@/lib/sandbox/provision";
import type { SandboxTrade } from "@/lib/sandbox/store";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let creds: AlipaySandboxCredentials;
let sdk: AlipaySdk;

function sdkFor(c: { appId: string; privateKey: string }): AlipaySdk {
  return new AlipaySdk({
    appId: c.appId,
    privateKey: c.privateKey,
    keyType: "PKCS8",
    alipayPublicKey: creds.alipayPublicKeyPem,
    gateway: `${h.base}/sandbox/alipay/gateway.do`,
    endpoint: `${h.base}/sandbox/alipay`,
  });
}

beforeAll(async () => {
  h = await startHarness();
  creds = await provisionAlipayApp(h.store, { accountRef: "ca_test" });
  sdk = sdkFor({ appId: creds.appId, privateKey: creds.appPrivateKeyPem });
});
afterAll(() => h.close());

let seq = 0;
const outTradeNo = () => `A${Date.now()}${seq++}`;

function wapParams(no: string, totalAmount = "88.88", extra: Record<string, unknown> = {}) {
  return {
    bizContent: { outTradeNo: no, totalAmount, subject: "测试 订单/1 & more", productCode: "QUICK_WAP_WAY", quitUrl: "https://m.example.com/quit", ...extra },
    notifyUrl: "https://m.example.com/notify",
    returnUrl: "https://m.example.com/return?from=alipay",
  };
}

/** Follows the GET URL pageExec returns, as the buyer's browser would. */
async function openPayUrl(url: string): Promise<Response> {
  return fetch(url, { redirect: "manual" });
}

/** Submits the auto-posting HTML form pageExec returns in POST mode. */
async function submitPayForm(html: string): Promise<Response> {
  const action = /<form action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form action in ${html}`);
  const body = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)) {
    body.append(m[1] ?? "", (m[2] ?? "").replaceAll("&quot;", '"'));
  }
  return fetch(action.replaceAll("&amp;", "&"), { method: "POST", body, redirect: "manual" });
}

async function tradeFromRedirect(res: Response): Promise<SandboxTrade> {
  expect(res.status).toBe(302);
  const location = res.headers.get("location") ?? "";
  const match = new RegExp(`^${h.cashierBase}/sandbox/pay/(sbt_[0-9A-Za-z]{20})$`).exec(location);
  expect(match, location).not.toBeNull();
  const trade = await h.store.getTrade(match?.[1] ?? "");
  if (!trade) throw new Error("trade not stored");
  return trade;
}

async function createTrade(no = outTradeNo(), amount = "88.88"): Promise<SandboxTrade> {
  return tradeFromRedirect(await openPayUrl(sdk.pageExec("alipay.trade.wap.pay", "GET", wapParams(no, amount))));
}

const query = (no: string) => sdk.exec("alipay.trade.query", { bizContent: { outTradeNo: no } }, { validateSign: true });

describe("alipay.trade.wap.pay via pageExec", () => {
  it("accepts the GET URL and redirects to the cashier with the trade stored in fen", async () => {
    const no = outTradeNo();
    const trade = await createTrade(no, "88.88");
    expect(trade).toMatchObject({
      provider: "alipay",
      appId: creds.appId,
      outTradeNo: no,
      amountFen: 8888,
      subject: "测试 订单/1 & more",
      status: "WAIT_BUYER_PAY",
      notifyUrl: "https://m.example.com/notify",
      returnUrl: "https://m.example.com/return?from=alipay",
      quitUrl: "https://m.example.com/quit",
    });
  });

  it.each([
    ["return_url", { returnUrl: `https://m.example.com/r?${"x".repeat(600)}` }],
    ["notify_url", { notifyUrl: `https://m.example.com/n?${"x".repeat(600)}` }],
    ["quit_url", { bizContent: { ...wapParams("x").bizContent, outTradeNo: outTradeNo(), quitUrl: `https://m.example.com/q?${"x".repeat(600)}` } }],
  ])("answers an over-long %s with Alipay's invalid-parameter page, not a 500 (issue 12)", async (name, override) => {
    const res = await openPayUrl(sdk.pageExec("alipay.trade.wap.pay", "GET", { ...wapParams(outTradeNo()), ...override }));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("isv.invalid-parameter");
    expect(text).toContain(name);
  });

  it("accepts the POST form (URL params in the query, biz_content in the body)", async () => {
    const html = sdk.pageExec("alipay.trade.wap.pay", "POST", wapParams(outTradeNo(), "0.01"));
    const trade = await tradeFromRedirect(await submitPayForm(html));
    expect(trade.amountFen).toBe(1);
  });

  it("reuses the trade for the same out_trade_no and amount, refuses a different amount", async () => {
    const no = outTradeNo();
    const first = await createTrade(no, "10.00");
    const again = await createTrade(no, "10.00");
    expect(again.id).toBe(first.id);
    const res = await openPayUrl(sdk.pageExec("alipay.trade.wap.pay", "GET", wapParams(no, "10.01")));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("ACQ.CONTEXT_INCONSISTENT");
  });

  it("refuses a URL whose amount was tampered with after signing", async () => {
    const url = sdk.pageExec("alipay.trade.wap.pay", "GET", wapParams(outTradeNo(), "88.88"));
    const tampered = url.replace(encodeURIComponent('"total_amount":"88.88"'), encodeURIComponent('"total_amount":"0.01"'));
    expect(tampered).not.toBe(url);
    const res = await openPayUrl(tampered);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("isv.invalid-signature");
  });

  it("a URL opened after its time_expire shows the error page and creates no trade (issue 11: an old pay URL is dead)", async () => {
    const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    const no = outTradeNo();
    const res = await openPayUrl(sdk.pageExec("alipay.trade.wap.pay", "GET", wapParams(no, "1.00", { timeExpire: beijing(new Date(Date.now() - 1000)) })));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("ACQ.TRADE_HAS_CLOSE");
    expect(await h.store.findTradeByOutTradeNo("alipay", creds.appId, no)).toBeNull();
    // Within its time_expire the same kind of URL opens the cashier.
    await createTrade(outTradeNo(), "1.00");
  });

  it("refuses amounts that are not yuan with at most two decimals", async () => {
    for (const amount of ["1.001", "0", "1e2", "-1", "01.00", "100000000.01"]) {
      const res = await openPayUrl(sdk.pageExec("alipay.trade.wap.pay", "GET", wapParams(outTradeNo(), amount)));
      expect(res.status, amount).toBe(400);
    }
  });
});

describe("alipay.trade.query and close via exec (validateSign: true)", () => {
  it("answers ACQ.TRADE_NOT_EXIST, signed, until the buyer opens the cashier", async () => {
    const trade = await createTrade();
    const before = await query(trade.outTradeNo);
    expect(before).toMatchObject({ code: "40004", subCode: "ACQ.TRADE_NOT_EXIST", outTradeNo: trade.outTradeNo });

    await showCashier(h.store, trade.id, new Date());
    const opened = await query(trade.outTradeNo);
    expect(opened).toMatchObject({ code: "10000", msg: "Success", tradeStatus: "WAIT_BUYER_PAY", totalAmount: "88.88", tradeNo: trade.providerTradeNo });
  });

  it("reports TRADE_SUCCESS with the paid amounts after payment, also by trade_no", async () => {
    const trade = await createTrade(outTradeNo(), "1234.05");
    await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    const paid = await query(trade.outTradeNo);
    expect(paid).toMatchObject({ code: "10000", tradeStatus: "TRADE_SUCCESS", totalAmount: "1234.05", receiptAmount: "1234.05", buyerPayAmount: "1234.05" });
    expect(paid.sendPayDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const byTradeNo = await sdk.exec("alipay.trade.query", { bizContent: { tradeNo: trade.providerTradeNo } }, { validateSign: true });
    expect(byTradeNo.outTradeNo).toBe(trade.outTradeNo);
  });

  it("closes an opened unpaid trade and refuses to close a paid one", async () => {
    const open = await createTrade();
    await showCashier(h.store, open.id, new Date());
    const closed = await sdk.exec("alipay.trade.close", { bizContent: { outTradeNo: open.outTradeNo } }, { validateSign: true });
    expect(closed).toMatchObject({ code: "10000", outTradeNo: open.outTradeNo, tradeNo: open.providerTradeNo });
    expect(await query(open.outTradeNo)).toMatchObject({ tradeStatus: "TRADE_CLOSED" });

    const paid = await createTrade();
    await submitCashier(h.store, paid.id, { kind: "pay" }, { now: new Date() });
    const refused = await sdk.exec("alipay.trade.close", { bizContent: { outTradeNo: paid.outTradeNo } }, { validateSign: true });
    expect(refused).toMatchObject({ code: "40004", subCode: "ACQ.TRADE_STATUS_ERROR" });
  });

  it("signs the response so that a tampered body fails the SDK's check", async () => {
    const trade = await createTrade();
    await showCashier(h.store, trade.id, new Date());
    const res = await fetch(sdkUrlForQuery(trade.outTradeNo).url, { method: "POST", body: sdkUrlForQuery(trade.outTradeNo).body });
    const raw = await res.text();
    expect(raw.startsWith('{"alipay_trade_query_response":{')).toBe(true);
    expect(raw).toMatch(/,"sign":"[A-Za-z0-9+/=]{344}"}$/);
    const sign = JSON.parse(raw).sign as string;
    expect(() => sdk.checkResponseSign(raw, "alipay_trade_query_response", sign, "")).not.toThrow();
    const tampered = raw.replace('"total_amount":"88.88"', '"total_amount":"0.01"');
    expect(tampered).not.toBe(raw);
    expect(() => sdk.checkResponseSign(tampered, "alipay_trade_query_response", sign, "")).toThrow(/验签失败/);
  });
});

/** The exact request exec would send, for tests that need the raw response bytes. */
function sdkUrlForQuery(no: string): { url: string; body: URLSearchParams } {
  const html = sdk.pageExec("alipay.trade.query", "POST", { bizContent: { outTradeNo: no } });
  const action = (/<form action="([^"]+)"/.exec(html)?.[1] ?? "").replaceAll("&amp;", "&");
  const body = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)) body.append(m[1] ?? "", (m[2] ?? "").replaceAll("&quot;", '"'));
  return { url: action, body };
}

describe("OpenAPI v3 via curl (response signature always checked by the SDK)", () => {
  it("queries and closes, with signed bare JSON answers", async () => {
    const trade = await createTrade(outTradeNo(), "3.30");
    await expect(sdk.curl("POST", "/v3/alipay/trade/query", { body: { out_trade_no: trade.outTradeNo } })).rejects.toMatchObject({
      code: "ACQ.TRADE_NOT_EXIST",
    });
    await showCashier(h.store, trade.id, new Date());
    const open = await sdk.curl("POST", "/v3/alipay/trade/query", { body: { out_trade_no: trade.outTradeNo } });
    expect(open.responseHttpStatus).toBe(200);
    expect(open.data).toMatchObject({ trade_status: "WAIT_BUYER_PAY", total_amount: "3.30", trade_no: trade.providerTradeNo });
    const closed = await sdk.curl("POST", "/v3/alipay/trade/close", { body: { trade_no: trade.providerTradeNo } });
    expect(closed.data).toEqual({ trade_no: trade.providerTradeNo, out_trade_no: trade.outTradeNo });
    const after = await sdk.curl("POST", "/v3/alipay/trade/query", { body: { out_trade_no: trade.outTradeNo } });
    expect(after.data.trade_status).toBe("TRADE_CLOSED");
  });

  it("refuses a request signed with another key", async () => {
    const other = await generateRsaKeyPair();
    const forger = sdkFor({ appId: creds.appId, privateKey: other.privateKeyPem });
    await expect(forger.curl("POST", "/v3/alipay/trade/query", { body: { out_trade_no: "X1" } })).rejects.toMatchObject({
      code: "invalid-signature",
      responseHttpStatus: 401,
    });
  });

  it("the SDK refuses an answer signed by someone else", async () => {
    const trade = await createTrade();
    await showCashier(h.store, trade.id, new Date());
    const other = await generateRsaKeyPair();
    const suspicious = new AlipaySdk({
      appId: creds.appId,
      privateKey: creds.appPrivateKeyPem,
      keyType: "PKCS8",
      alipayPublicKey: other.publicKeyPem,
      endpoint: `${h.base}/sandbox/alipay`,
    });
    await expect(suspicious.curl("POST", "/v3/alipay/trade/query", { body: { out_trade_no: trade.outTradeNo } })).rejects.toMatchObject({
      code: "response-signature-verify-error",
    });
  });
});

describe("gateway refusals, the Alipay way", () => {
  it("40002 isv.invalid-signature (signed) for a request signed with the wrong key", async () => {
    const other = await generateRsaKeyPair();
    const forger = sdkFor({ appId: creds.appId, privateKey: other.privateKeyPem });
    const res = await forger.exec("alipay.trade.query", { bizContent: { outTradeNo: "X1" } }, { validateSign: true });
    expect(res).toMatchObject({ code: "40002", msg: "Invalid Arguments", subCode: "isv.invalid-signature" });
  });

  it("isv.invalid-app-id without a sign for an unknown app", async () => {
    const stranger = sdkFor({ appId: "2021000000000009", privateKey: creds.appPrivateKeyPem });
    const res = await stranger.exec("alipay.trade.query", { bizContent: { outTradeNo: "X1" } });
    expect(res).toMatchObject({ code: "40002", subCode: "isv.invalid-app-id" });
    await expect(stranger.exec("alipay.trade.query", { bizContent: { outTradeNo: "X1" } }, { validateSign: true })).rejects.toThrow();
  });

  it("does not show another app's trade", async () => {
    const trade = await createTrade();
    await showCashier(h.store, trade.id, new Date());
    const otherCreds = await provisionAlipayApp(h.store, { accountRef: "ca_other" });
    const other = sdkFor({ appId: otherCreds.appId, privateKey: otherCreds.appPrivateKeyPem });
    expect(await other.exec("alipay.trade.query", { bizContent: { outTradeNo: trade.outTradeNo } }, { validateSign: true })).toMatchObject({
      code: "40004",
      subCode: "ACQ.TRADE_NOT_EXIST",
    });
  });

  it("error_response for an unknown method, 40001 for a missing signature", async () => {
    const unknown = await fetch(`${h.base}/sandbox/alipay/gateway.do?method=alipay.nope&app_id=${creds.appId}`);
    expect(await unknown.json()).toMatchObject({ error_response: { code: "40002", sub_code: "isv.invalid-method" } });
    const unsigned = await fetch(`${h.base}/sandbox/alipay/gateway.do?method=alipay.trade.query&app_id=${creds.appId}`, { method: "POST" });
    expect(await unsigned.json()).toMatchObject({ alipay_trade_query_response: { code: "40001", sub_code: "isv.missing-signature" } });
  });
});

describe("async notification and sync return", () => {
  it("is accepted by checkNotifySignV2 and checkNotifySign, and refused once tampered", async () => {
    const trade = await createTrade(outTradeNo(), "66.60");
    const { trade: paid } = await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    const n = await buildAlipayNotification(h.store, paid);
    expect(n.url).toBe("https://m.example.com/notify");
    expect(n.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);

    // What the merchant's form parser sees.
    const form = Object.fromEntries(new URLSearchParams(n.body));
    expect(form).toMatchObject({
      notify_type: "trade_status_sync",
      trade_status: "TRADE_SUCCESS",
      out_trade_no: trade.outTradeNo,
      trade_no: trade.providerTradeNo,
      total_amount: "66.60",
      app_id: creds.appId,
      sign_type: "RSA2",
      subject: "测试 订单/1 & more",
    });
    expect(Object.values(form).every((v) => v !== "")).toBe(true);
    expect(sdk.checkNotifySignV2(form)).toBe(true);
    expect(sdk.checkNotifySign(form)).toBe(true);
    expect(sdk.checkNotifySignV2({ ...form, total_amount: "0.01" })).toBe(false);

    // Independently of the SDK: all fields but sign and sign_type, sorted, RSA-SHA256.
    const content = Object.keys(form)
      .filter((k) => k !== "sign" && k !== "sign_type")
      .sort()
      .map((k) => `${k}=${form[k]}`)
      .join("&");
    expect(createVerify("RSA-SHA256").update(content).verify(creds.alipayPublicKeyPem, form.sign ?? "", "base64")).toBe(true);
  });

  it("keeps notify_id across a retry when given the same id", async () => {
    const trade = await createTrade();
    const { trade: paid, notifications } = await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    const id = notifications[0]?.notificationId ?? "";
    const a = await buildAlipayNotification(h.store, paid, { notificationId: id });
    const b = await buildAlipayNotification(h.store, paid, { notificationId: id });
    expect(new URLSearchParams(a.body).get("notify_id")).toBe(id);
    expect(new URLSearchParams(b.body).get("notify_id")).toBe(id);
  });

  it("sends the buyer to a signed return_url after paying, and to quit_url on cancel", async () => {
    const trade = await createTrade(outTradeNo(), "5.00");
    const cancelled = await submitCashier(h.store, trade.id, { kind: "cancel" }, { now: new Date() });
    expect(cancelled.redirectUrl).toBe("https://m.example.com/quit");
    const paid = await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
    const url = new URL(paid.redirectUrl ?? "");
    expect(url.origin + url.pathname).toBe("https://m.example.com/return");
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ from: "alipay", method: "alipay.trade.wap.pay.return", out_trade_no: trade.outTradeNo, total_amount: "5.00" });
    // The sync return carries the merchant's own query parameter, which Alipay does not sign.
    const { from: _ignored, ...signed } = params;
    expect(sdk.checkNotifySignV2(signed)).toBe(true);
  });
});
