import { randomBase62 } from "@/lib/ids";
import { digits } from "./keys";

/**
 * Formats shared by both emulators: Beijing time, yuan strings, provider-looking ids.
 * Both providers speak China Standard Time (UTC+8, no DST) whatever the server's TZ is.
 */

const CST_OFFSET_MS = 8 * 3_600_000;

interface CstParts {
  y: string;
  mo: string;
  d: string;
  h: string;
  mi: string;
  s: string;
}

function cstParts(date: Date): CstParts {
  const iso = new Date(date.getTime() + CST_OFFSET_MS).toISOString();
  return { y: iso.slice(0, 4), mo: iso.slice(5, 7), d: iso.slice(8, 10), h: iso.slice(11, 13), mi: iso.slice(14, 16), s: iso.slice(17, 19) };
}

/** Alipay's `yyyy-MM-dd HH:mm:ss` in Beijing time. */
export function alipayTime(date: Date): string {
  const p = cstParts(date);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** WeChat's RFC 3339 with the +08:00 offset, e.g. 2018-06-08T10:34:56+08:00. */
export function wechatTime(date: Date): string {
  const p = cstParts(date);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+08:00`;
}

function compactCst(date: Date): string {
  const p = cstParts(date);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/**
 * Parses Alipay's `yyyy-MM-dd HH:mm[:ss]` (time_expire), read as Beijing time. Null if malformed.
 */
export function parseAlipayTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? "0")) - CST_OFFSET_MS;
  const date = new Date(ms);
  return alipayTime(date).startsWith(`${y}-${mo}-${d} ${h}:${mi}`) ? date : null;
}

/** Parses RFC 3339 with an explicit offset (WeChat requires one). Null if malformed. */
export function parseRfc3339(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Alipay's `timeout_express`: 1m–15d, or 1c ("until midnight tonight", Beijing time). */
export function parseTimeoutExpress(value: string, now: Date): Date | null {
  if (value === "1c") {
    const p = cstParts(now);
    return new Date(Date.UTC(Number(p.y), Number(p.mo) - 1, Number(p.d) + 1) - CST_OFFSET_MS);
  }
  const m = /^([1-9]\d{0,4})([mhd])$/.exec(value);
  if (!m) return null;
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "m" | "h" | "d"];
  const ms = Number(m[1]) * unitMs;
  return ms > 15 * 86_400_000 ? null : new Date(now.getTime() + ms);
}

/**
 * "88.88" → 8888. Only digits and at most two decimals; integer arithmetic, never floats.
 * Null for anything else ("1e2", "0.001", "-1", " 1", "01.00").
 */
export function yuanToFen(value: string): number | null {
  const m = /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return null;
  const fraction = (m[2] ?? "").padEnd(2, "0");
  return Number(m[1]) * 100 + Number(fraction);
}

/** 8888 → "88.88"; 5 → "0.05". */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error(`invalid fen amount: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export function newSandboxTradeId(): string {
  return `sbt_${randomBase62(20)}`;
}

/** Alipay trade_no: date + 20 digits (28 digits), e.g. 2024060122001412345678901234. */
export function newAlipayTradeNo(now: Date): string {
  return `${compactCst(now).slice(0, 8)}${digits(20)}`;
}

/** WeChat transaction_id: 42000 + 5 digits + date + 10 digits (28 digits). */
export function newWechatTransactionId(now: Date): string {
  return `42000${digits(5)}${compactCst(now).slice(0, 8)}${digits(10)}`;
}

/** WeChat prepay_id: wx + yyyyMMddHHmmss + 18 characters. */
export function newWechatPrepayId(now: Date): string {
  return `wx${compactCst(now)}${randomBase62(18).toLowerCase()}`;
}

/** A random alphanumeric nonce (WeChat response nonces are 32 characters). */
export function newNonce(length = 32): string {
  return randomBase62(length);
}
