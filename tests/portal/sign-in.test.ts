import { describe, expect, it, beforeAll } from "vitest";
import { createMerchant } from "../../lib/merchants/merchants";
import { SIGN_IN_LIMITS, signInWithPassword } from "../../lib/portal/sign-in";
import { redis } from "../../lib/redis";

const PASSWORD = "a long enough passphrase";
let counter = 0;
async function merchant() {
  const email = `signin-${Date.now()}-${counter++}@example.com`;
  const created = await createMerchant({ email, password: PASSWORD, name: "Sign-in shop" });
  return { email, merchantId: created.merchantId };
}

describe("portal sign-in", () => {
  let a: Awaited<ReturnType<typeof merchant>>;
  beforeAll(async () => {
    a = await merchant();
  });

  it("signs in with the right password, case-insensitively on the email", async () => {
    const result = await signInWithPassword(a.email.toUpperCase(), PASSWORD, "10.0.0.1");
    expect(result).toMatchObject({ ok: true, merchantId: a.merchantId, email: a.email });
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    expect(await signInWithPassword(a.email, "not the password", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword("nobody@example.com", PASSWORD, "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword("", "", null)).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an email after repeated failures, even against the right password, and from another address", async () => {
    const m = await merchant();
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect((await signInWithPassword(m.email, `wrong ${i}`, "10.0.1.1")).ok).toBe(false);
    }
    const blocked = await signInWithPassword(m.email, PASSWORD, "10.0.1.99");
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(blocked.ok === false && blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.ok === false && blocked.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowSeconds);
    // Another account is unaffected.
    expect((await signInWithPassword(a.email, PASSWORD, "10.0.1.98")).ok).toBe(true);
  });

  it("the lock lifts when the window passes (the Redis key expires)", async () => {
    const m = await merchant();
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) await signInWithPassword(m.email, `wrong ${i}`, null);
    expect(await signInWithPassword(m.email, PASSWORD, null)).toMatchObject({ reason: "rate_limited" });
    const keys = await redis().keys(`${process.env.REDIS_PREFIX}:signin-fail:email:*`);
    expect(keys.length).toBeGreaterThan(0);
    // Expire every email counter (the prefix is added by the client, so strip it).
    for (const k of keys) await redis().del(k.slice(`${process.env.REDIS_PREFIX}:`.length));
    expect((await signInWithPassword(m.email, PASSWORD, null)).ok).toBe(true);
  });

  it("a success clears the email's failures", async () => {
    const m = await merchant();
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail - 1; i++) await signInWithPassword(m.email, `wrong ${i}`, null);
    expect((await signInWithPassword(m.email, PASSWORD, null)).ok).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail - 1; i++) await signInWithPassword(m.email, `wrong again ${i}`, null);
    expect((await signInWithPassword(m.email, PASSWORD, null)).ok).toBe(true);
  });

  it("limits one address guessing across many emails", async () => {
    const ip = "10.0.2.1";
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++) await redis().incr(`signin-fail:ip:${ip}`);
    expect(await signInWithPassword(a.email, PASSWORD, ip)).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((await signInWithPassword(a.email, PASSWORD, "10.0.2.2")).ok).toBe(true);
  });

  it("counts a burst of parallel guesses before checking any: at most the limit reach the password check", async () => {
    const m = await merchant();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword(m.email, `burst ${i}`, null)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(SIGN_IN_LIMITS.perEmail);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBeGreaterThanOrEqual(20 - SIGN_IN_LIMITS.perEmail);
    expect(await signInWithPassword(m.email, PASSWORD, null)).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("refuses look-alike addresses that the database collation would match to a real one", async () => {
    const lookalike = a.email.replace("example", "exámple");
    expect(await signInWithPassword(lookalike, PASSWORD, null)).toEqual({ ok: false, reason: "invalid" });
  });
});
