import { describe, expect, it, beforeAll } from "vitest";
import { eq } from "drizzle-orm";
import bcrypt from "bcryptjs";
import { createMerchant } from "../../lib/merchants/merchants";
import { signInWithPassword } from "../../lib/portal/sign-in";
import { SIGN_IN_LIMITS } from "../../lib/merchants/sign-in-throttle";
import { signUpMerchant } from "../../lib/portal/merchant";
import { redis } from "../../lib/redis";
import { installationKeys } from "../helpers/redis-keys";
import { db } from "../../lib/db/client";
import { merchantUsers } from "../../lib/db/schema";

const PASSWORD = "a long enough passphrase";
let counter = 0;
async function merchant(password = PASSWORD) {
  const email = `signin-${Date.now()}-${counter++}@example.com`;
  const created = await createMerchant({ email, password, name: "Sign-in shop" });
  return { email, merchantId: created.merchantId };
}

/** Lets every (email, address) pair's current delay pass, as if the clock had moved on. */
async function letDelaysPass() {
  for (const key of await installationKeys("signin:pair:*")) await redis().hset(key, "nextAt", "0");
}

const failures = async (email: string, n: number, address: string | null) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await signInWithPassword(email, `wrong ${i}`, address));
  return out;
};

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

  it("a stranger's wrong passwords never lock the owner out: they slow down that address only", async () => {
    const m = await merchant();
    const stranger = "203.0.113.66";
    expect((await failures(m.email, 6, stranger)).map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      ...Array(SIGN_IN_LIMITS.freeFailures).fill("invalid"),
      "rate_limited",
    ]);
    // Even the right password is refused from the stranger's address until the delay passes…
    expect(await signInWithPassword(m.email, PASSWORD, stranger)).toMatchObject({ ok: false, reason: "rate_limited" });
    // …while the owner, from their own address, signs in at once.
    expect(await signInWithPassword(m.email, PASSWORD, "198.51.100.10")).toMatchObject({ ok: true, merchantId: m.merchantId });
  }, 180_000);

  it("the delay grows with each further failure, and a success clears it", async () => {
    const m = await merchant();
    const at = "203.0.113.67";
    await failures(m.email, SIGN_IN_LIMITS.freeFailures, at);
    const first = await signInWithPassword(m.email, PASSWORD, at);
    expect(first).toMatchObject({ ok: false, reason: "rate_limited" });
    const firstWait = first.ok ? 0 : first.retryAfterSeconds!;
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(SIGN_IN_LIMITS.firstDelaySeconds);
    await letDelaysPass();
    expect(await signInWithPassword(m.email, "wrong again", at)).toEqual({ ok: false, reason: "invalid" });
    const second = await signInWithPassword(m.email, PASSWORD, at);
    const secondWait = second.ok ? 0 : second.retryAfterSeconds!;
    expect(secondWait).toBeGreaterThan(firstWait);
    expect(secondWait).toBeLessThanOrEqual(SIGN_IN_LIMITS.maxDelaySeconds);
    await letDelaysPass();
    expect((await signInWithPassword(m.email, PASSWORD, at)).ok).toBe(true);
    // Cleared: the free failures are free again.
    expect((await failures(m.email, SIGN_IN_LIMITS.freeFailures, at)).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
  }, 180_000);

  it("limits one address guessing across many emails, and only that address", async () => {
    // The default (30 per 15 minutes) with a smaller number, so the test does not spend 30 bcrypt checks.
    const limits = { ...SIGN_IN_LIMITS, perAddress: 4 };
    const ip = "10.0.2.1";
    const results = [];
    for (let i = 0; i < limits.perAddress; i++) results.push(await signInWithPassword(`spray-${i}@example.com`, "guess", ip, limits));
    expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    const refused = await signInWithPassword(a.email, PASSWORD, ip, limits);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(refused.ok === false && refused.retryAfterSeconds).toBeLessThanOrEqual(limits.addressWindowSeconds);
    // Another address is another client…
    expect((await signInWithPassword(a.email, PASSWORD, "10.0.2.2", limits)).ok).toBe(true);
    // …but one IPv6 /64 is one client.
    for (let i = 0; i < limits.perAddress; i++) await signInWithPassword(`spray6-${i}@example.com`, "guess", `2001:db8:5:5::${i + 1}`, limits);
    expect(await signInWithPassword(a.email, PASSWORD, "2001:db8:5:5:abcd::1", limits)).toMatchObject({ ok: false, reason: "rate_limited" });
  }, 180_000);

  it("successful sign-ins give their attempt back: an office behind one address is never locked out by signing in", async () => {
    const limits = { ...SIGN_IN_LIMITS, perAddress: 3 };
    const ip = "10.0.3.1";
    // Twice the budget of right passwords from one address: each is counted while checked, then given back.
    for (let i = 0; i < limits.perAddress * 2; i++) expect((await signInWithPassword(a.email, PASSWORD, ip, limits)).ok).toBe(true);
    // Guesses are still limited: the budget is whole again, and spent by wrong passwords only.
    for (let i = 0; i < limits.perAddress; i++) expect(await signInWithPassword(`office-${i}@example.com`, "guess", ip, limits)).toMatchObject({ reason: "invalid" });
    expect(await signInWithPassword(a.email, PASSWORD, ip, limits)).toMatchObject({ ok: false, reason: "rate_limited" });
  }, 120_000);

  it("counts a burst of parallel guesses before checking any: at most the free failures reach the password check", async () => {
    const m = await merchant();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword(m.email, `burst ${i}`, "203.0.113.70")));
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(SIGN_IN_LIMITS.freeFailures);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBeGreaterThanOrEqual(20 - SIGN_IN_LIMITS.freeFailures);
    expect(await signInWithPassword(m.email, PASSWORD, "203.0.113.70")).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((await signInWithPassword(m.email, PASSWORD, "203.0.113.71")).ok).toBe(true);
  }, 180_000);

  it("refuses look-alike addresses that the database collation would match to a real one", async () => {
    const lookalike = a.email.replace("example", "exámple");
    expect(await signInWithPassword(lookalike, PASSWORD, null)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("passwords longer than bcrypt's 72 bytes", () => {
  it("every byte counts: a password sharing the first 72 bytes is refused", async () => {
    const long = `${"correct horse battery staple ".repeat(3)}and then some more words`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(72);
    const m = await merchant(long);
    expect((await signInWithPassword(m.email, long, "198.51.100.1")).ok).toBe(true);
    const samePrefix = `${long.slice(0, 72)}something else entirely`;
    expect(await signInWithPassword(m.email, samePrefix, "198.51.100.1")).toEqual({ ok: false, reason: "invalid" });
  }, 180_000);

  it("counts bytes, not characters: a 30-character Chinese passphrase (90 bytes) is kept whole", async () => {
    const zh = "我的密码是一句很长很长的中文句子用来测试字节长度是否被截断了吗对的";
    expect(Buffer.byteLength(zh)).toBeGreaterThan(72);
    const m = await merchant(zh);
    expect((await signInWithPassword(m.email, zh, "198.51.100.2")).ok).toBe(true);
    const changedTail = zh.slice(0, 24) + "完全不同的结尾";
    expect(Buffer.byteLength(zh.slice(0, 24))).toBe(72);
    expect(await signInWithPassword(m.email, changedTail, "198.51.100.2")).toEqual({ ok: false, reason: "invalid" });
  }, 180_000);

  it("accounts hashed before the change still sign in, and are moved to the new hash on the way", async () => {
    const m = await merchant();
    const legacy = await bcrypt.hash(PASSWORD, 4);
    await db().update(merchantUsers).set({ passwordHash: legacy }).where(eq(merchantUsers.email, m.email));
    expect(await signInWithPassword(m.email, "wrong", "198.51.100.3")).toEqual({ ok: false, reason: "invalid" });
    expect((await signInWithPassword(m.email, PASSWORD, "198.51.100.3")).ok).toBe(true);
    const [row] = await db().select({ hash: merchantUsers.passwordHash }).from(merchantUsers).where(eq(merchantUsers.email, m.email));
    expect(row!.hash).not.toBe(legacy);
    expect((await signInWithPassword(m.email, PASSWORD, "198.51.100.3")).ok).toBe(true);
  }, 180_000);
});

describe("portal sign-up", () => {
  it("is throttled per client address; another address may still sign up", async () => {
    const limits = { perAddress: 2, windowSeconds: 3600 };
    const form = (i: number) => ({ email: `signup-${Date.now()}-${i}@example.com`, password: PASSWORD, name: `Shop ${i}` });
    const at = "203.0.113.80";
    expect((await signUpMerchant(form(1), at, limits)).ok).toBe(true);
    expect((await signUpMerchant(form(2), at, limits)).ok).toBe(true);
    const refused = await signUpMerchant(form(3), at, limits);
    expect(refused).toMatchObject({ ok: false, rateLimited: { retryAfterSeconds: expect.any(Number) } });
    expect((await signUpMerchant(form(4), "203.0.113.81", limits)).ok).toBe(true);
    // A form with mistakes is not counted: fixing a typo never uses up the budget.
    expect((await signUpMerchant({ ...form(5), password: "short" }, "203.0.113.82", limits)).ok).toBe(false);
    expect((await signUpMerchant({ ...form(5), password: "short" }, "203.0.113.82", limits)).ok).toBe(false);
    expect((await signUpMerchant(form(6), "203.0.113.82", limits)).ok).toBe(true);
  }, 180_000);

});
