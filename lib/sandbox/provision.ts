import { createPublicKey, randomBytes } from "node:crypto";
import {
  generateRsaKeyPair,
  issueWechatCertificate,
  merchantCertificateSubject,
  newAlipayAppId,
  newAlipayUserId,
  newApiV3Key,
  newWechatMchid,
  newWechatPublicKeyId,
  platformCertificateSubject,
} from "./keys";
import type { SandboxIdentity, SandboxStore, WechatSigningMode } from "./store";

/**
 * Creating the sandbox's own identity and the sandbox credentials of test-mode merchants.
 * The merchant half (private keys, APIv3 key) is returned to the caller, which stores it the way
 * it stores any channel secret; the sandbox keeps only what the real provider would know.
 */

export async function createSandboxIdentity(now: Date = new Date()): Promise<SandboxIdentity> {
  const [alipay, platform, publicKey] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair(), generateRsaKeyPair()]);
  // Platform certificates last ~5 years on the real service; ours too.
  const cert = issueWechatCertificate(platform, platformCertificateSubject(), now, 5);
  return {
    alipayPrivateKeyPem: alipay.privateKeyPem,
    alipayPublicKeyPem: alipay.publicKeyPem,
    wechatPlatformPrivateKeyPem: platform.privateKeyPem,
    wechatPlatformCertPem: cert.certPem,
    wechatPlatformSerial: cert.serial,
    wechatPlatformCertNotBefore: cert.notBefore,
    wechatPlatformCertNotAfter: cert.notAfter,
    wechatPublicKeyId: newWechatPublicKeyId(),
    wechatPublicKeyPrivatePem: publicKey.privateKeyPem,
    wechatPublicKeyPem: publicKey.publicKeyPem,
  };
}

/** The identity, created on first use. Concurrent first uses agree on one (first writer wins). */
export async function ensureSandboxIdentity(store: SandboxStore): Promise<SandboxIdentity> {
  const existing = await store.getIdentity();
  if (existing) return existing;
  return store.saveIdentityIfAbsent(await createSandboxIdentity());
}

export async function getSandboxIdentityOrThrow(store: SandboxStore): Promise<SandboxIdentity> {
  const identity = await store.getIdentity();
  if (!identity) throw new Error("sandbox identity not provisioned (call ensureSandboxIdentity first)");
  return identity;
}

/** What a merchant needs to talk to the Alipay sandbox (config for alipay-sdk or our adapter). */
export interface AlipaySandboxCredentials {
  appId: string;
  /** PKCS#8 PEM: alipay-sdk needs `keyType: "PKCS8"`. */
  appPrivateKeyPem: string;
  appPublicKeyPem: string;
  alipayPublicKeyPem: string;
  sellerId: string;
}

export async function provisionAlipayApp(
  store: SandboxStore,
  opts: { accountRef: string; now?: Date },
): Promise<AlipaySandboxCredentials> {
  const identity = await ensureSandboxIdentity(store);
  const keys = await generateRsaKeyPair();
  const appId = newAlipayAppId();
  const sellerId = newAlipayUserId();
  await store.saveAlipayApp({
    appId,
    appPublicKeyPem: keys.publicKeyPem,
    accountRef: opts.accountRef,
    mode: "test",
    sellerId,
    createdAt: opts.now ?? new Date(),
  });
  return { appId, appPrivateKeyPem: keys.privateKeyPem, appPublicKeyPem: keys.publicKeyPem, alipayPublicKeyPem: identity.alipayPublicKeyPem, sellerId };
}

/** What a merchant needs to talk to the WeChat Pay sandbox. */
export interface WechatSandboxCredentials {
  mchid: string;
  appid: string;
  merchantPrivateKeyPem: string;
  /** apiclient_cert.pem; wechatpay-node-v3 wants it as `publicKey`. */
  merchantCertPem: string;
  /** Uppercase hex, as the merchant console shows it. */
  serialNo: string;
  apiV3Key: string;
  signingMode: WechatSigningMode;
  /** The key that verifies our responses/notifications: the PUB_KEY_ID or the platform cert serial. */
  platformKeyId: string;
  /** SPKI PEM of that key. */
  platformPublicKeyPem: string;
}

export async function provisionWechatMerchant(
  store: SandboxStore,
  opts: { accountRef: string; signingMode?: WechatSigningMode; appid?: string; merchantName?: string; now?: Date },
): Promise<WechatSandboxCredentials> {
  const identity = await ensureSandboxIdentity(store);
  const now = opts.now ?? new Date();
  const keys = await generateRsaKeyPair();
  const mchid = newWechatMchid();
  // Real appids are "wx" + 16 hex characters.
  const appid = opts.appid ?? `wx${randomBytes(8).toString("hex")}`;
  const cert = issueWechatCertificate(keys, merchantCertificateSubject(mchid, opts.merchantName ?? "payrelay sandbox merchant"), now, 5);
  const apiV3Key = newApiV3Key();
  const signingMode = opts.signingMode ?? "public_key";
  await store.saveWechatMerchant({
    mchid,
    accountRef: opts.accountRef,
    mode: "test",
    appids: [appid],
    merchantCertPem: cert.certPem,
    merchantCertSerial: cert.serial,
    merchantPublicKeyPem: keys.publicKeyPem,
    apiV3Key,
    signingMode,
    createdAt: now,
  });
  const platformKeyId = signingMode === "public_key" ? identity.wechatPublicKeyId : identity.wechatPlatformSerial;
  const platformPublicKeyPem = signingMode === "public_key" ? identity.wechatPublicKeyPem : platformPublicKeyFromIdentity(identity);
  return { mchid, appid, merchantPrivateKeyPem: keys.privateKeyPem, merchantCertPem: cert.certPem, serialNo: cert.serial, apiV3Key, signingMode, platformKeyId, platformPublicKeyPem };
}

function platformPublicKeyFromIdentity(identity: SandboxIdentity): string {
  // Derived from the private key rather than parsed from the cert: same key, no X.509 parsing needed.
  return createPublicKeyPem(identity.wechatPlatformPrivateKeyPem);
}

function createPublicKeyPem(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
}
