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
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

async function blockedFor(email: string, ip: string | null): Promise<number> {
  const r = redis();
  const keys = [emailKey(email), ...(ip ? [ipKey(ip)] : [])];
  const counts = await r.mget(...keys);
  const overEmail = Number(counts[0] ?? 0) >= SIGN_IN_LIMITS.perEmail;
  const overIp = ip ? Number(counts[1] ?? 0) >= SIGN_IN_LIMITS.perIp : false;
  if (!overEmail && !overIp) return 0;
  const ttl = await r.ttl(overEmail ? keys[0]! : keys[1]!);
  return ttl > 0 ? ttl : SIGN_IN_LIMITS.windowSeconds;
}

async function recordFailure(email: string, ip: string | null): Promise<void> {
  const multi = redis().multi();
  for (const key of [emailKey(email), ...(ip ? [ipKey(ip)] : [])]) {
    // The window starts at the first failure and is not pushed back by later ones (INCR keeps the TTL).
    multi.set(key, 0, "EX", SIGN_IN_LIMITS.windowSeconds, "NX");
    multi.incr(key);
  }
  await multi.exec();
}

/** The portal's credentials check: rate limit first, then the password (the same check the CLI's users get). */
export async function signInWithPassword(email: string, password: string, ip: string | null): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  if (!normalised || !password) return { ok: false, reason: "invalid" };
  const wait = await blockedFor(normalised, ip);
  if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };
  const user = await verifyMerchantPassword(normalised, password);
  if (!user) {
    await recordFailure(normalised, ip);
    return { ok: false, reason: "invalid" };
  }
  await redis().del(emailKey(normalised));
  return { ok: true, merchantId: user.merchantId, userId: user.userId, email: normalised };
}
