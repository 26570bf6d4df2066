import { verify, type KeyObject } from "node:crypto";

/**
 * WeChat Pay's signature on API responses and notifications: SHA256withRSA over
 * `Wechatpay-Timestamp\nWechatpay-Nonce\nbody\n` with the platform key that Wechatpay-Serial names.
 * Checked with node:crypto because wechatpay-node-v3 never verifies responses and its verifySign
 * cannot handle `PUB_KEY_ID_…` keys.
 */

/** WeChat's own rule for request timestamps, applied to its answers: a stale one may be a replay. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface PlatformKey {
  key: KeyObject;
  /** A platform certificate serial (hex) or a `PUB_KEY_ID_…`. */
  id: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Certificate serials are hex and compared case-insensitively (SDKs disagree on case); key ids exactly. */
function sameKeyId(a: string, b: string): boolean {
  return /^[0-9A-Fa-f]+$/.test(a) ? a.toUpperCase() === b.toUpperCase() : a === b;
}

/** Checks with the trusted key that Wechatpay-Serial names (one key, or several during a rotation at WeChat's side). */
export function verifyWechatSignature(headers: Headers, body: string, trusted: PlatformKey | readonly PlatformKey[], now: Date): SignatureCheck {
  const keys: readonly PlatformKey[] = Array.isArray(trusted) ? trusted : [trusted as PlatformKey];
  const timestamp = headers.get("wechatpay-timestamp");
  const nonce = headers.get("wechatpay-nonce");
  const signature = headers.get("wechatpay-signature");
  const serial = headers.get("wechatpay-serial");
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: "Wechatpay-* signature headers missing" };
  const platform = keys.find((k) => sameKeyId(serial, k.id));
  if (!platform) return { ok: false, reason: `signed with key ${serial.slice(0, 64)}, expected ${keys.map((k) => k.id).join(" or ")}` };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "Wechatpay-Timestamp is not unix seconds" };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "Wechatpay-Timestamp is more than 5 minutes away from our clock" };
  }
  // WeChat sometimes sends a deliberate "WECHATPAY/SIGNTEST/…" probe signature: it must (and does) fail here.
  const message = Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, "utf8");
  const ok = verify("RSA-SHA256", message, platform.key, Buffer.from(signature, "base64"));
  return ok ? { ok: true } : { ok: false, reason: "Wechatpay-Signature does not verify with the platform key" };
}
