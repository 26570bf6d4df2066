import { createDecipheriv, createPrivateKey, createSign, createVerify, X509Certificate } from "node:crypto";
import WxPay from "wechatpay-node-v3";
import type { IPayRequest } from "wechatpay-node-v3/dist/define";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitCashier } from "@/lib/sandbox/cashier";
import { generateRsaKeyPair } from "@/lib/sandbox/keys";
import { provisionWechatMerchant, type WechatSandboxCredentials } from "@/lib/sandbox/provision";
import type { SandboxTrade, WechatSigningMode } from "@/lib/sandbox/store";
import { buildWechatNotification, verifyJsapiPayRequest } from "@/lib/sandbox/wechatpay";
import { startHarness, type Harness } from "./harness";

let h: Harness;

interface Captured {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * An IPayRequest for wechatpay-node-v3 that sends to the sandbox instead of api.mch.weixin.qq.com
 * (its base URL is hard-coded) and keeps the raw responses, whose signatures the stock client ignores.
 */
class SandboxHttp implements IPayRequest {
  readonly responses: Captured[] = [];
  constructor(private readonly base: string) {}
  private fix(url: string): string {
    return url.replace("https://api.mch.weixin.qq.com", `${this.base}/sandbox/wechatpay`);
  }
  private async send(url: string, init: RequestInit) {
    const res = await fetch(this.fix(url), init);
    const text = await res.text();
    this.responses.push({ status: res.status, headers: res.headers, text });
    // Mirrors the stock PayRequest: 2xx → {status, data}; otherwise {status, error: raw text}.
    if (res.ok) return { status: res.status, data: text ? JSON.parse(text) : {} };
    return { status: res.status, error: text };
  }
  post(url: string, params: Record<string, unknown>, headers: Record<string, string>) {
    return this.send(url, { method: "POST", body: JSON.stringify(params), headers });
  }
  get(url: string, headers: Record<string, string>) {
    return this.send(url, { method: "GET", headers });
  }
  upload(): never {
    throw new Error("not used");
  }
  last(): Captured {
    const r = this.responses.at(-1);
    if (!r) throw new Error("no response");
    return r;
  }
}

interface Client {
  creds: WechatSandboxCredentials;
  pay: WxPay;
  http: SandboxHttp;
}

function clientFor(creds: WechatSandboxCredentials, overrides: { privateKeyPem?: string; serialNo?: string } = {}): Client {
  const pay = new WxPay({
    appid: creds.appid,
    mchid: creds.mchid,
    publicKey: Buffer.from(creds.merchantCertPem),
    privateKey: Buffer.from(overrides.privateKeyPem ?? creds.merchantPrivateKeyPem),
    key: creds.apiV3Key,
    ...(overrides.serialNo ? { serial_no: overrides.serialNo } : {}),
  });
  const http = new SandboxHttp(h.base);
  pay.createHttp(http);
  return { creds, pay, http };
}

async function merchant(mode: WechatSigningMode): Promise<Client> {
  return clientFor(await provisionWechatMerchant(h.store, { accountRef: `ca_${mode}`, signingMode: mode }));
}

/** Verifies a response's Wechatpay-* headers with node:crypto against the key the merchant was given. */
function verifyResponse(r: Captured, creds: WechatSandboxCredentials): boolean {
  const ts = r.headers.get("wechatpay-timestamp") ?? "";
  const nonce = r.headers.get("wechatpay-nonce") ?? "";
  expect(r.headers.get("wechatpay-serial")).toBe(creds.platformKeyId);
  expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(60);
  return createVerify("RSA-SHA256")
    .update(`${ts}\n${nonce}\n${r.text}\n`)
    .verify(creds.platformPublicKeyPem, r.headers.get("wechatpay-signature") ?? "", "base64");
}

/** AEAD_AES_256_GCM decryption that does check the tag (unlike node-v3's decipher_gcm). */
function decrypt(resource: { ciphertext: string; nonce: string; associated_data: string }, key: string): string {
  const data = Buffer.from(resource.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(key), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

let seq = 0;
const outTradeNo = () => `W${Date.now()}${seq++}`;

function h5Order(c: Client, no = outTradeNo(), total = 8888) {
  return c.pay.transactions_h5({
    description: "测试商品 h5",
    out_trade_no: no,
    notify_url: "https://m.example.com/wx/notify",
    amount: { total },
    attach: "xxxxxx",
    scene_info: { payer_client_ip: "203.0.113.7", h5_info: { type: "Wap", app_name: "payrelay test" } },
  });
}

async function tradeOf(c: Client, no: string): Promise<SandboxTrade> {
  const t = await h.store.findTradeByOutTradeNo("wechatpay", c.creds.mchid, no);
  if (!t) throw new Error("trade not stored");
  return t;
}

let pk: Client;
let cert: Client;

beforeAll(async () => {
  h = await startHarness();
  pk = await merchant("public_key");
  cert = await merchant("platform_certificate");
});
afterAll(() => h.close());

describe.each(["public_key", "platform_certificate"] as const)("orders in %s mode", (mode) => {
  const client = () => (mode === "public_key" ? pk : cert);

  it("h5: returns an h5_url to the cashier, signed with the merchant's verification key", async () => {
    const c = client();
    const no = outTradeNo();
    const res = await h5Order(c, no);
    expect(res.status).toBe(200);
    const trade = await tradeOf(c, no);
    expect(res.data.h5_url).toBe(`${h.cashierBase}/sandbox/pay/${trade.id}?prepay_id=${trade.prepayId}&package=${res.data.h5_url.split("&package=")[1]}`);
    expect(trade).toMatchObject({ amountFen: 8888, status: "NOTPAY", tradeType: "MWEB", attach: "xxxxxx", clientIp: "203.0.113.7" });
    expect(verifyResponse(c.http.last(), c.creds)).toBe(true);
  });

  it("jsapi: returns a prepay_id that the SDK turns into a paySign'd bridge request", async () => {
    const c = client();
    const no = outTradeNo();
    const res = await c.pay.transactions_jsapi({ description: "jsapi", out_trade_no: no, notify_url: "https://m.example.com/wx/notify", amount: { total: 1 }, payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" } });
    expect(res.status).toBe(200);
    const trade = await tradeOf(c, no);
    expect(res.data.package).toBe(`prepay_id=${trade.prepayId}`);
    expect(trade.prepayId).toMatch(/^wx\d{14}[0-9a-z]{18}$/);
    expect(JSON.parse(c.http.last().text)).toEqual({ prepay_id: trade.prepayId });
    expect(verifyResponse(c.http.last(), c.creds)).toBe(true);

    // The fake WeixinJSBridge checks what the SDK produced for getBrandWCPayRequest.
    const bridge = res.data as { appId: string; timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string };
    expect(await verifyJsapiPayRequest(h.store, trade, bridge)).toEqual({ ok: true });
    expect(await verifyJsapiPayRequest(h.store, trade, { ...bridge, nonceStr: `${bridge.nonceStr}x` })).toMatchObject({ ok: false });
  });

  it("query: NOTPAY, then SUCCESS with transaction_id and payer after paying", async () => {
    const c = client();
    const no = outTradeNo();
    await h5Order(c, no, 100);
    const before = await c.pay.query({ out_trade_no: no });
    expect(before.status).toBe(200);
    expect(before.data).toMatchObject({ trade_state: "NOTPAY", out_trade_no: no, mchid: c.creds.mchid, amount: { total: 100, currency: "CNY" } });
    expect(before.data.transaction_id).toBeUndefined();
    expect(verifyResponse(c.http.last(), c.creds)).toBe(true);

    await submitCashier(h.store, (await tradeOf(c, no)).id, { kind: "pay" }, { now: new Date() });
    const after = await c.pay.query({ out_trade_no: no });
    const trade = await tradeOf(c, no);
    expect(after.data).toMatchObject({ trade_state: "SUCCESS", transaction_id: trade.providerTradeNo, trade_type: "MWEB", amount: { total: 100, payer_total: 100 } });
    expect(after.data.payer.openid).toBe(trade.payerOpenid);
    const byId = await c.pay.query({ transaction_id: trade.providerTradeNo });
    expect(byId.data.out_trade_no).toBe(no);
  });

  it("close: 204 with a signed empty body; query then says CLOSED; closing a paid order is ORDERPAID", async () => {
    const c = client();
    const no = outTradeNo();
    await h5Order(c, no);
    const res = await c.pay.close(no);
    expect(res.status).toBe(204);
    expect(c.http.last().text).toBe("");
    expect(verifyResponse(c.http.last(), c.creds)).toBe(true);
    expect((await c.pay.query({ out_trade_no: no })).data.trade_state).toBe("CLOSED");
    expect((await h5Order(c, no)).error).toContain("ORDERCLOSED");

    const paidNo = outTradeNo();
    await h5Order(c, paidNo);
    await submitCashier(h.store, (await tradeOf(c, paidNo)).id, { kind: "pay" }, { now: new Date() });
    const refused = await c.pay.close(paidNo);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.error)).toMatchObject({ code: "ORDERPAID" });
  });

  it("the notification decrypts (tag checked) and its signature verifies", async () => {
    const c = client();
    const no = outTradeNo();
    await h5Order(c, no, 4321);
    const { trade } = await submitCashier(h.store, (await tradeOf(c, no)).id, { kind: "pay" }, { now: new Date() });
    const n = await buildWechatNotification(h.store, trade);
    expect(n.url).toBe("https://m.example.com/wx/notify");
    const body = JSON.parse(n.body);
    expect(JSON.stringify(body)).toBe(n.body); // compact, as node-v3 re-serialises before verifying
    expect(body).toMatchObject({ event_type: "TRANSACTION.SUCCESS", resource_type: "encrypt-resource", resource: { algorithm: "AEAD_AES_256_GCM", associated_data: "transaction", original_type: "transaction" } });
    expect(body.resource.nonce).toHaveLength(12);

    const tx = JSON.parse(decrypt(body.resource, c.creds.apiV3Key));
    expect(tx).toMatchObject({ mchid: c.creds.mchid, appid: c.creds.appid, out_trade_no: no, transaction_id: trade.providerTradeNo, trade_state: "SUCCESS", attach: "xxxxxx", amount: { total: 4321, payer_total: 4321, currency: "CNY" } });
    expect(c.pay.decipher_gcm(body.resource.ciphertext, "transaction", body.resource.nonce)).toEqual(tx);

    // A flipped tag byte must fail a decrypter that checks the tag.
    const raw = Buffer.from(body.resource.ciphertext, "base64");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decrypt({ ...body.resource, ciphertext: raw.toString("base64") }, c.creds.apiV3Key)).toThrow();

    const headers = new Headers(n.headers);
    expect(verifyResponse({ status: 200, headers, text: n.body }, c.creds)).toBe(true);
    const tampered = n.body.replace('"summary":"支付成功"', '"summary":"支付失败"');
    expect(tampered).not.toBe(n.body);
    expect(verifyResponse({ status: 200, headers, text: tampered }, c.creds)).toBe(false);
  });
});

describe("platform certificate mode with the SDK's own verifier", () => {
  const certificates = () => (WxPay as unknown as { certificates: Record<string, string> }).certificates;

  it("/v3/certificates serves a real certificate whose serial is the Wechatpay-Serial we sign with", async () => {
    const list = await cert.pay.get_certificates(cert.creds.apiV3Key);
    expect(list).toHaveLength(1);
    const item = list[0];
    expect(item?.serial_no).toBe(cert.creds.platformKeyId);
    const pem = decrypt(item?.encrypt_certificate ?? { ciphertext: "", nonce: "", associated_data: "" }, cert.creds.apiV3Key);
    const x509 = new X509Certificate(pem);
    expect(x509.serialNumber).toBe(cert.creds.platformKeyId);
    expect(x509.publicKey.export({ type: "spki", format: "pem" })).toBe(cert.creds.platformPublicKeyPem);
    expect(verifyResponse(cert.http.last(), cert.creds)).toBe(true);
  });

  it("verifySign fetches the certificate itself and accepts the notification", async () => {
    for (const k of Object.keys(certificates())) delete certificates()[k];
    const no = outTradeNo();
    await h5Order(cert, no);
    const { trade } = await submitCashier(h.store, (await tradeOf(cert, no)).id, { kind: "pay" }, { now: new Date() });
    const n = await buildWechatNotification(h.store, trade);
    const args = { timestamp: n.headers["Wechatpay-Timestamp"] ?? "", nonce: n.headers["Wechatpay-Nonce"] ?? "", serial: n.headers["Wechatpay-Serial"] ?? "", signature: n.headers["Wechatpay-Signature"] ?? "" };
    expect(await cert.pay.verifySign({ ...args, body: JSON.parse(n.body), apiSecret: cert.creds.apiV3Key })).toBe(true);
    expect(Object.keys(certificates())).toContain(cert.creds.platformKeyId);
    expect(await cert.pay.verifySign({ ...args, body: n.body.replace("SUCCESS", "SUCCESs"), apiSecret: cert.creds.apiV3Key })).toBe(false);
  });

  it("public-key mode: verifySign works once the PUB_KEY_ID is pre-filled; certificates are unavailable", async () => {
    certificates()[pk.creds.platformKeyId] = pk.creds.platformPublicKeyPem;
    const no = outTradeNo();
    await h5Order(pk, no);
    const { trade } = await submitCashier(h.store, (await tradeOf(pk, no)).id, { kind: "pay" }, { now: new Date() });
    const n = await buildWechatNotification(h.store, trade);
    expect(n.headers["Wechatpay-Serial"]).toMatch(/^PUB_KEY_ID_\d{32}$/);
    const ok = await pk.pay.verifySign({ timestamp: n.headers["Wechatpay-Timestamp"] ?? "", nonce: n.headers["Wechatpay-Nonce"] ?? "", serial: n.headers["Wechatpay-Serial"] ?? "", signature: n.headers["Wechatpay-Signature"] ?? "", body: n.body });
    expect(ok).toBe(true);
    await expect(pk.pay.get_certificates(pk.creds.apiV3Key)).rejects.toThrow();
    expect(pk.http.last().status).toBe(404);
  });

  it("a probe notification carries WeChat's SIGNTEST signature, which must not verify", async () => {
    const no = outTradeNo();
    await h5Order(pk, no);
    const { trade } = await submitCashier(h.store, (await tradeOf(pk, no)).id, { kind: "pay_no_notify" }, { now: new Date() });
    const n = await buildWechatNotification(h.store, trade, { probeSignature: true });
    expect(n.headers["Wechatpay-Signature"]).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(verifyResponse({ status: 200, headers: new Headers(n.headers), text: n.body }, pk.creds)).toBe(false);
  });
});

/** Signs a request by hand, to send what no SDK would (old timestamps, other paths). */
function signedFetch(c: Client, method: string, path: string, body: string, opts: { timestamp?: number; serial?: string } = {}) {
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = "n0nce";
  const signature = createSign("RSA-SHA256").update(`${method}\n${path}\n${ts}\n${nonce}\n${body}\n`).sign(createPrivateKey(c.creds.merchantPrivateKeyPem), "base64");
  const auth = `WECHATPAY2-SHA256-RSA2048 mchid="${c.creds.mchid}",serial_no="${opts.serial ?? c.creds.serialNo}",timestamp="${ts}",nonce_str="${nonce}",signature="${signature}"`;
  return fetch(`${h.base}/sandbox/wechatpay${path}`, { method, headers: { Authorization: auth, "Content-Type": "application/json", Accept: "application/json" }, body: method === "GET" ? undefined : body });
}

describe("request authentication and hostile input", () => {
  it("401 SIGN_ERROR for a wrong serial", async () => {
    const c = clientFor(pk.creds, { serialNo: "1".repeat(40) });
    const res = await h5Order(c);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.error)).toEqual({ code: "SIGN_ERROR", message: "商户证书序列号有误。" });
  });

  it("401 SIGN_ERROR for a signature by another key", async () => {
    const other = await generateRsaKeyPair();
    const res = await h5Order(clientFor(pk.creds, { privateKeyPem: other.privateKeyPem }));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.error)).toMatchObject({ code: "SIGN_ERROR", message: "错误的签名，导致验签失败。" });
  });

  it("401 SIGN_ERROR for a timestamp more than 5 minutes old, accepted when fresh (field order free)", async () => {
    const path = `/v3/pay/transactions/out-trade-no/none123?mchid=${pk.creds.mchid}`;
    const stale = await signedFetch(pk, "GET", path, "", { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect((await stale.json()).message).toContain("5分钟");
    const fresh = await signedFetch(pk, "GET", path, "");
    expect(fresh.status).toBe(404);
    expect(await fresh.json()).toEqual({ code: "ORDER_NOT_EXIST", message: "订单不存在" });
  });

  it("401 without an Authorization header", async () => {
    const res = await fetch(`${h.base}/sandbox/wechatpay/v3/pay/transactions/h5`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("SIGN_ERROR");
  });

  it("another merchant's order is ORDER_NOT_EXIST; another merchant's mchid is refused", async () => {
    const no = outTradeNo();
    await h5Order(pk, no);
    expect((await cert.pay.query({ out_trade_no: no })).status).toBe(404);
    const res = await signedFetch(cert, "GET", `/v3/pay/transactions/out-trade-no/${no}?mchid=${pk.creds.mchid}`, "");
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("PARAM_ERROR");
  });

  it("PARAM_ERROR for missing fields and malformed JSON; APPID_MCHID_NOT_MATCH for a foreign appid", async () => {
    const missing = await signedFetch(pk, "POST", "/v3/pay/transactions/h5", JSON.stringify({ appid: pk.creds.appid, mchid: pk.creds.mchid }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).code).toBe("PARAM_ERROR");
    const malformed = await signedFetch(pk, "POST", "/v3/pay/transactions/h5", "{not json");
    expect(malformed.status).toBe(400);
    const foreign = await signedFetch(
      pk,
      "POST",
      "/v3/pay/transactions/jsapi",
      JSON.stringify({ appid: "wx0000000000000000", mchid: pk.creds.mchid, description: "x", out_trade_no: outTradeNo(), notify_url: "https://m.example.com/n", amount: { total: 1 }, payer: { openid: "o1" } }),
    );
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).code).toBe("APPID_MCHID_NOT_MATCH");
  });

  it("the same out_trade_no with a different amount is refused", async () => {
    const no = outTradeNo();
    expect((await h5Order(pk, no, 100)).status).toBe(200);
    expect((await h5Order(pk, no, 100)).status).toBe(200);
    const changed = await h5Order(pk, no, 101);
    expect(changed.status).toBe(400);
    expect(JSON.parse(changed.error).code).toBe("INVALID_REQUEST");
  });
});
