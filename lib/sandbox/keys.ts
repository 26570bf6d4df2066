import { generateKeyPair, randomBytes, randomInt } from "node:crypto";
import { promisify } from "node:util";
import { randomBase62 } from "@/lib/ids";
import { createCertificatePem, type DistinguishedName } from "./x509";

/**
 * Key material for the channel sandbox: its own identities (the invented "Alipay" and "WeChat Pay"
 * signing keys) and the credentials it provisions for each test-mode merchant.
 */

const generateKeyPairAsync = promisify(generateKeyPair);

export interface RsaKeyPair {
  /** PKCS#8 ("BEGIN PRIVATE KEY"); alipay-sdk needs `keyType: "PKCS8"` for it. */
  privateKeyPem: string;
  /** SPKI ("BEGIN PUBLIC KEY"), the format both providers hand out as "public key". */
  publicKeyPem: string;
}

export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * A WeChat certificate serial: 20 bytes as 40 uppercase hex characters, the way the merchant console
 * shows it. The first byte stays in 0x10-0x7f so the DER INTEGER needs no sign byte and always
 * prints as exactly 40 characters (wechatpay-node-v3 derives the serial from the certificate).
 */
export function newWechatSerial(): string {
  const bytes = randomBytes(20);
  bytes[0] = 0x10 + ((bytes[0] ?? 0) % 0x70);
  return bytes.toString("hex").toUpperCase();
}

/** APIv3 key: 32 ASCII characters, used by AES-256-GCM as its 32 UTF-8 bytes. */
export function newApiV3Key(): string {
  return randomBase62(32);
}

/** "WeChat Pay public key" id: `PUB_KEY_ID_` followed by 32 digits, like the real ones. */
export function newWechatPublicKeyId(): string {
  return `PUB_KEY_ID_${digits(32)}`;
}

export function digits(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}

/** Alipay partner / user ids are 16 digits starting with 2088. */
export function newAlipayUserId(): string {
  return `2088${digits(12)}`;
}

/** Sandbox Alipay app ids: 16 digits, starting 9021 so they never collide with a real 2021… app. */
export function newAlipayAppId(): string {
  return `9021${digits(12)}`;
}

/** Sandbox merchant numbers: 10 digits starting with 19, like real direct merchants. */
export function newWechatMchid(): string {
  return `19${digits(8)}`;
}

/** An OpenID-looking string (28 base64url-ish characters starting with "o"). */
export function newWechatOpenid(): string {
  return `o${randomBase62(27)}`;
}

const TENPAY_CA: DistinguishedName = {
  country: "CN",
  organization: "Tenpay.com",
  organizationalUnit: "Tenpay.com CA Center",
  commonName: "Tenpay.com Root CA",
};

export interface IssuedCertificate {
  certPem: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** Issues a certificate for `keys`, self-signed but with the issuer name WeChat's certificates carry. */
export function issueWechatCertificate(
  keys: RsaKeyPair,
  subject: DistinguishedName,
  now: Date = new Date(),
  years = 5,
): IssuedCertificate {
  const serial = newWechatSerial();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + years * 365 * 86_400_000);
  const certPem = createCertificatePem({
    subjectPublicKeyPem: keys.publicKeyPem,
    signerPrivateKeyPem: keys.privateKeyPem,
    serialHex: serial,
    subject,
    issuer: TENPAY_CA,
    notBefore,
    notAfter,
  });
  return { certPem, serial, notBefore, notAfter };
}

export function platformCertificateSubject(): DistinguishedName {
  return { country: "CN", organization: "财付通支付科技有限公司", organizationalUnit: "Tenpay.com CA Center", commonName: "Tenpay.com sign" };
}

export function merchantCertificateSubject(mchid: string, merchantName: string): DistinguishedName {
  return { country: "CN", organization: merchantName, organizationalUnit: merchantName, commonName: mchid };
}
