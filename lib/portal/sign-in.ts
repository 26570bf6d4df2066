import { createHash } from "node:crypto";
import { redis } from "../redis";
import { verifyMerchantPassword } from "../merchants/merchants";

/**
 * Failed portal sign-ins are counted in Redis per email and per client address over a sliding-ish
 * fixed window. Past the limit, the password is not even checked, so a guesser learns nothing more
 * and bcrypt's cost is not theirs to spend. A success clears the email's count.
 */
export const SIGN_IN_LIMITS = { perEmail: 5, perIp: 30, windowSeconds: 15 * 60 } as const;

const emailKey = (email: string) => `signin-fail:email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
const ipKey = (ip: string) => `signin-fail:ip:${ip}`;

export type SignInResult =
  | { ok: true; merchantId: string; userId: string; email: string }
  | { ok: false; reason: "invalid" | "rate_limited" | "suspended"; retryAfterSeconds?: number };

/**
 * Reserves one attempt before the password is checked: the counters are incremented first and the
 * attempt refused if that takes either past its limit. Checking first and counting after a slow
 * bcrypt would let a burst of parallel guesses all pass the check before any was counted.
 */
async function reserveAttempt(email: string, ip: string | null): Promise<number> {
  const keys = [emailKey(email), ...(ip ? [ipKey(ip)] : [])];
  const multi = redis().multi();
  for (const key of keys) {
    // The window starts at the first attempt and is not pushed back by later ones (INCR keeps the TTL).
    multi.set(key, 0, "EX", SIGN_IN_LIMITS.windowSeconds, "NX");
    multi.incr(key);
    multi.ttl(key);
  }
  const results = (await multi.exec()) ?? [];
  const count = (k: number) => Number(results[k * 3 + 1]?.[1] ?? 0);
  const ttl = (k: number) => Number(results[k * 3 + 2]?.[1] ?? 0);
  if (count(0) > SIGN_IN_LIMITS.perEmail) return ttl(0) > 0 ? ttl(0) : SIGN_IN_LIMITS.windowSeconds;
  if (ip && count(1) > SIGN_IN_LIMITS.perIp) return ttl(1) > 0 ? ttl(1) : SIGN_IN_LIMITS.windowSeconds;
  return 0;
}

/** The portal's credentials check: rate limit first, then the password (the same check the CLI's users get). */
export async function signInWithPassword(email: string, password: string, ip: string | null): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  // Sign-up only accepts ASCII addresses. Refusing others here matters: MySQL's accent-insensitive
  // collation would match "exámple.com" to "example.com" while the limiter counted them apart.
  if (!normalised || !password || !/^[\x21-\x7e]+$/.test(normalised)) return { ok: false, reason: "invalid" };
  const wait = await reserveAttempt(normalised, ip);
  if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };
  const user = await verifyMerchantPassword(normalised, password);
  if (!user) return { ok: false, reason: "invalid" };
  // A success clears the email's count (this attempt included); the address keeps its count.
  await redis().del(emailKey(normalised));
  // Said only to whoever knows the password: to anyone else a suspended account looks like any other.
  if (user.suspended) return { ok: false, reason: "suspended" };
  return { ok: true, merchantId: user.merchantId, userId: user.userId, email: normalised };
}
