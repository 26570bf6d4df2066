import { verifyMerchantPassword } from "../merchants/merchants";
import { SIGN_IN_LIMITS, clearSignInFailures, reserveSignInAttempt, type SignInLimits } from "../merchants/sign-in-throttle";

export type SignInResult =
  | { ok: true; merchantId: string; userId: string; email: string }
  | { ok: false; reason: "invalid" | "rate_limited" | "suspended"; retryAfterSeconds?: number };

/**
 * The portal's credentials check (next-auth's authorize): the throttle first
 * (lib/merchants/sign-in-throttle.ts: per email and address with growing delays, per address
 * overall), then the password (the same check the CLI's users get).
 */
export async function signInWithPassword(
  email: string,
  password: string,
  address: string | null,
  limits: SignInLimits = SIGN_IN_LIMITS,
): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  // Sign-up only accepts ASCII addresses. Refusing others here matters: MySQL's accent-insensitive
  // collation would match "exámple.com" to "example.com" while the limiter counted them apart.
  if (!normalised || !password || !/^[\x21-\x7e]+$/.test(normalised)) return { ok: false, reason: "invalid" };
  const wait = await reserveSignInAttempt(normalised, address, limits);
  if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };
  const user = await verifyMerchantPassword(normalised, password);
  if (!user) return { ok: false, reason: "invalid" };
  await clearSignInFailures(normalised, address);
  // Said only to whoever knows the password: to anyone else a suspended account looks like any other.
  if (user.suspended) return { ok: false, reason: "suspended" };
  return { ok: true, merchantId: user.merchantId, userId: user.userId, email: normalised };
}
