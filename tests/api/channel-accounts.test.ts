import { describe, expect, it, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { newMerchant } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { channelAccounts } from "../../lib/db/schema";
import { loadChannelAccountById } from "../../lib/channel-accounts/channel-accounts";

const rsa = (bits = 2048) =>
  generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

const app = rsa();
const alipay = rsa();
const mch = rsa();
const platform = rsa();
const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");

function selfSignedCert(): { cert: string; serial: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cert-"));
  const keyFile = path.join(dir, "k.pem");
  fs.writeFileSync(keyFile, platform.privateKey);
  execFileSync("openssl", ["req", "-new", "-x509", "-key", keyFile, "-out", path.join(dir, "c.pem"), "-days", "30", "-subj", "/CN=Tenpay.com Root CA", "-set_serial", "0x5157F09EFDC096DE15EBE81A47057A7232F1B8E1"]);
  return { cert: fs.readFileSync(path.join(dir, "c.pem"), "utf8"), serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1" };
}

let m: Awaited<ReturnType<typeof newMerchant>>;
let live: string;
beforeAll(async () => {
  m = await newMerchant();
  live = await m.liveSecretKey();
});

const alipayBody = { appId: "2021000000000001", privateKey: app.privateKey, alipayPublicKey: alipay.publicKey };
const wechatBody = {
  appId: "wx1234567890abcdef",
  mchId: "1900000001",
  serialNo: "3775B6A45ACD588826D15E583A95F5DD12345678",
  privateKey: mch.privateKey,
  apiV3Key: "0123456789abcdefghijABCDEFGHIJ_-",
  platformPublicKey: platform.publicKey,
  platformPublicKeyId: "PUB_KEY_ID_0114232134912410000000000000",
};

describe("channel accounts", () => {
  it("stores Alipay credentials encrypted and returns them masked", async () => {
    const res = await call("PUT", "/api/v1/channel-accounts/alipay", { key: live, body: alipayBody });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "channel_account",
      provider: "alipay",
      livemode: true,
      appId: "2021000000000001",
      privateKey: "********",
    });
    expect(res.body.callbackUrl).toBe(`http://127.0.0.1:3000/api/callbacks/alipay/${res.body.id}`);
    const secretPart = bare(app.privateKey).slice(20, 80);
    expect(JSON.stringify(res.body)).not.toContain(secretPart);
    const list = await call("GET", "/api/v1/channel-accounts", { key: live });
    expect(list.body.data).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(secretPart);
    const [row] = await db().select().from(channelAccounts).where(eq(channelAccounts.id, res.body.id));
    expect(JSON.stringify(row)).not.toContain(secretPart);
    expect(row!.secretsSealed).toMatch(/^v1:/);
    const loaded = await loadChannelAccountById(res.body.id);
    expect(bare(loaded!.secrets.privateKey!)).toBe(bare(app.privateKey));
  });

  it("keeps the account id when credentials are replaced, and accepts bare base64 and PKCS#1 keys", async () => {
    const first = await call("PUT", "/api/v1/channel-accounts/alipay", { key: live, body: alipayBody });
    const pkcs1 = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const replaced = await call("PUT", "/api/v1/channel-accounts/alipay", {
      key: live,
      body: { ...alipayBody, privateKey: bare(pkcs1.privateKey), alipayPublicKey: bare(alipay.publicKey) },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(first.body.id);
    expect(replaced.body.privateKeyFingerprint).not.toBe(first.body.privateKeyFingerprint);
  });

  it("stores WeChat Pay credentials in public-key mode and in certificate mode", async () => {
    const res = await call("PUT", "/api/v1/channel-accounts/wechatpay", { key: live, body: wechatBody });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      provider: "wechatpay",
      mchId: "1900000001",
      privateKey: "********",
      apiV3Key: "********",
      platformKeyMode: "public_key",
      platformPublicKeyId: wechatBody.platformPublicKeyId,
    });
    expect(JSON.stringify(res.body)).not.toContain(wechatBody.apiV3Key);
    const { cert, serial } = selfSignedCert();
    const certMode = await call("PUT", "/api/v1/channel-accounts/wechatpay", {
      key: live,
      body: { ...wechatBody, platformPublicKey: cert, platformPublicKeyId: undefined },
    });
    expect(certMode.status).toBe(200);
    expect(certMode.body).toMatchObject({ platformKeyMode: "certificate", platformPublicKeyId: serial });
  });

  it.each([
    ["a key that is not a key", { privateKey: "-----BEGIN PRIVATE KEY-----\nnotakey\n-----END PRIVATE KEY-----" }, "privateKey"],
    ["a public key as the private key", { privateKey: app.publicKey }, "privateKey"],
    ["a 1024-bit key", { privateKey: rsa(1024).privateKey }, "privateKey"],
    ["an EC key", { privateKey: generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey }, "privateKey"],
    ["the app's own public key as Alipay's", { alipayPublicKey: app.publicKey }, "alipayPublicKey"],
    ["garbage as Alipay's public key", { alipayPublicKey: "hello" }, "alipayPublicKey"],
  ])("refuses %s with a 422 naming the field, storing nothing", async (_label, override, param) => {
    const fresh = await newMerchant();
    const key = await fresh.liveSecretKey();
    const res = await call("PUT", "/api/v1/channel-accounts/alipay", { key, body: { ...alipayBody, ...override } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ type: "invalid_request", code: "invalid_key", param });
    expect(res.body.error.message).not.toContain("BEGIN");
    expect((await call("GET", "/api/v1/channel-accounts", { key })).body.data).toHaveLength(0);
  });

  it.each([
    [{ apiV3Key: "short" }, "apiV3Key", 400],
    [{ mchId: "abc" }, "mchId", 400],
    [{ appId: "notwx" }, "appId", 400],
    [{ platformPublicKeyId: undefined }, "platformPublicKeyId", 422],
    [{ platformPublicKey: mch.publicKey }, "platformPublicKey", 422],
  ])("refuses WeChat Pay input %j on %s", async (override, param, status) => {
    const fresh = await newMerchant();
    const key = await fresh.liveSecretKey();
    const res = await call("PUT", "/api/v1/channel-accounts/wechatpay", { key, body: { ...wechatBody, ...override } });
    expect(res.status).toBe(status);
    expect(res.body.error.param).toBe(param);
    expect(JSON.stringify(res.body)).not.toContain(wechatBody.apiV3Key);
  });

  it("refuses test keys, publishable keys and unknown providers", async () => {
    const test = await call("PUT", "/api/v1/channel-accounts/alipay", { key: m.testSecretKey, body: alipayBody });
    expect(test.status).toBe(400);
    expect(test.body.error.code).toBe("livemode_required");
    const pk = await call("PUT", "/api/v1/channel-accounts/alipay", { key: m.testPublishableKey, body: alipayBody });
    expect(pk.status).toBe(403);
    const unknown = await call("PUT", "/api/v1/channel-accounts/paypal", { key: live, body: alipayBody });
    expect(unknown.status).toBe(404);
  });

  it("never shows one merchant another's accounts", async () => {
    const other = await newMerchant();
    const res = await call("GET", "/api/v1/channel-accounts", { key: await other.liveSecretKey() });
    expect(res.body.data).toHaveLength(0);
  });
});
