import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHANNEL_IDS,
  ChannelError,
  channelLimits,
  getChannel,
  getNotificationVerifier,
  getProvider,
  isChannelId,
  isProvider,
  nextAction,
  providerOf,
  type AlipayCredentials,
  type WechatpayCredentials,
} from "@/lib/channels";
import { fenToYuan, yuanToFen } from "@/lib/channels/alipay/amount";
import { formatBeijingRfc3339, formatBeijingTime, parseBeijingTime, parseRfc3339 } from "@/lib/channels/beijing-time";

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const alipay: AlipayCredentials = { provider: "alipay", appId: "2021000000000001", privateKey, alipayPublicKey: publicKey, gateway: "https://openapi.alipay.com/gateway.do" };
const wechat: WechatpayCredentials = {
  provider: "wechatpay",
  appId: "wx0123456789abcdef",
  mchId: "1900000109",
  serialNo: "ABCDEF0123",
  privateKey,
  apiV3Key: "k".repeat(32),
  platformPublicKey: publicKey,
  platformPublicKeyId: "PUB_KEY_ID_0114232134912410000000000000",
  apiBase: "https://api.mch.weixin.qq.com",
};

describe("registry", () => {
  it("knows every channel and its provider", () => {
    expect(CHANNEL_IDS).toEqual(["alipay_h5", "wechat_h5", "wechat_jsapi", "wechat_native", "alipay_pc", "alipay_qr"]);
    expect(CHANNEL_IDS.map(providerOf)).toEqual(["alipay", "wechatpay", "wechatpay", "wechatpay", "alipay", "alipay"]);
    expect(isChannelId("wechat_h5")).toBe(true);
    expect(isChannelId("wechat_native")).toBe(true);
    expect(isChannelId("alipay_app")).toBe(false);
    expect(isChannelId("__proto__")).toBe(false);
    for (const id of CHANNEL_IDS) expect(getChannel(id, providerOf(id) === "alipay" ? alipay : wechat).id).toBe(id);
  });

  it("refuses credentials of the other provider and unusable keys, naming the field but not the key", () => {
    expect(() => getChannel("alipay_h5", wechat)).toThrow(ChannelError);
    expect(() => getChannel("wechat_jsapi", alipay)).toThrow(/needs wechatpay credentials/);
    const broken = () => getChannel("wechat_h5", { ...wechat, privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----" });
    expect(broken).toThrow(expect.objectContaining({ code: "invalid_credentials", message: "privateKey is not a usable RSA key" }));
    expect(() => getChannel("wechat_h5", { ...wechat, apiV3Key: "short" })).toThrow(/apiV3Key/);
    expect(() => getChannel("alipay_h5", { ...alipay, alipayPublicKey: "garbage" })).toThrow(/alipayPublicKey/);
  });

  it("accepts a PKCS#1 private key (the SDK alone would mangle it)", () => {
    const pkcs1 = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    expect(() => getChannel("alipay_h5", { ...alipay, privateKey: pkcs1.privateKey })).not.toThrow();
  });
});

describe("channel metadata", () => {
  it("states each channel's limits, so an order is refused before any channel call", () => {
    expect(channelLimits("alipay_h5")).toEqual({ maxAmountFen: 10_000_000_000, maxSubjectLength: 127, needsClientIp: false, needsOpenId: false, maxReturnUrlLength: 256 });
    expect(channelLimits("wechat_h5")).toEqual({ maxAmountFen: 2_147_483_647, maxSubjectLength: 127, needsClientIp: true, needsOpenId: false });
    expect(channelLimits("wechat_jsapi")).toEqual({ maxAmountFen: 2_147_483_647, maxSubjectLength: 127, needsClientIp: false, needsOpenId: true });
  });

  it("turns each channel's payParams into the buyer's next action; anything else is none", () => {
    const jsapi = { appId: "wx1", timeStamp: "1", nonceStr: "n", package: "prepay_id=p", signType: "RSA", paySign: "s" };
    expect(nextAction("alipay_h5", { payUrl: "https://gw/pay" })).toEqual({ type: "redirect", url: "https://gw/pay" });
    expect(nextAction("wechat_h5", { h5Url: "https://wx/h5" })).toEqual({ type: "redirect", url: "https://wx/h5" });
    expect(nextAction("wechat_jsapi", jsapi)).toEqual({ type: "jsapi", params: jsapi });
    expect(nextAction("wechat_jsapi", { ...jsapi, paySign: "" })).toBeNull();
    expect(nextAction("alipay_h5", { h5Url: "https://wx/h5" })).toBeNull();
    expect(nextAction("alipay_h5", null)).toBeNull();
    expect(nextAction("paypal", { payUrl: "https://gw/pay" })).toBeNull();
  });

  it("answers each provider's notifications without credentials, and builds its verifier from them", () => {
    expect(isProvider("alipay") && isProvider("wechatpay")).toBe(true);
    expect(isProvider("paypal") || isProvider("__proto__")).toBe(false);
    expect(getProvider("alipay").acknowledgeFailure("anything")).toEqual({ status: 200, body: "fail", contentType: "text/plain; charset=utf-8" });
    expect(getProvider("wechatpay").acknowledgeFailure().status).toBeGreaterThanOrEqual(400);
    expect(getProvider("wechatpay").notificationHeaders).toContain("wechatpay-signature");
    expect(getNotificationVerifier(alipay).provider).toBe("alipay");
    expect(getNotificationVerifier(wechat).provider).toBe("wechatpay");
    expect(() => getNotificationVerifier({ ...wechat, apiV3Key: "short" })).toThrow(/apiV3Key/);
  });
});

describe("fen ↔ yuan", () => {
  it("converts exactly, by integer arithmetic", () => {
    expect([0, 1, 10, 29, 100, 8888, 1_000_000_01].map(fenToYuan)).toEqual(["0.00", "0.01", "0.10", "0.29", "1.00", "88.88", "1000000.01"]);
    expect(["0.01", "0.1", "0.29", "5", "88.88", "1000000.01"].map(yuanToFen)).toEqual([1, 10, 29, 500, 8888, 1_000_000_01]);
    for (const bad of ["1e2", "-1", "1.001", " 1", "01.00", "1.", ".5", "NaN", "", undefined]) expect(yuanToFen(bad), String(bad)).toBeUndefined();
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
  });
});

describe("Beijing time", () => {
  it("formats and parses UTC+8 explicitly", () => {
    const d = new Date("2026-12-31T16:00:05Z");
    expect(formatBeijingTime(d)).toBe("2027-01-01 00:00:05");
    expect(formatBeijingRfc3339(new Date("2026-12-31T16:00:05.999Z"))).toBe("2027-01-01T00:00:05+08:00");
    expect(parseBeijingTime("2027-01-01 00:00:05")?.toISOString()).toBe("2026-12-31T16:00:05.000Z");
    expect(parseBeijingTime("2026-02-30 10:00:00")).toBeUndefined();
    expect(parseBeijingTime("2026-02-03T10:00:00")).toBeUndefined();
    expect(parseRfc3339("2027-01-01T00:00:05+08:00")?.toISOString()).toBe("2026-12-31T16:00:05.000Z");
    expect(parseRfc3339("2027-01-01 00:00:05")).toBeUndefined();
  });
});

describe("conventions", () => {
  it("lib/channels imports nothing from lib/sandbox (the two are written apart)", () => {
    const root = path.resolve(import.meta.dirname, "../../lib/channels");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(path.join(root, file), "utf8");
      expect(text, file).not.toMatch(/from\s+["'][^"']*sandbox[^"']*["']/);
    }
  });
});
