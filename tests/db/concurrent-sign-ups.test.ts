import { describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { createMerchant } from "../../lib/merchants/merchants";
import { db } from "../../lib/db/client";
import { channelAccounts } from "../../lib/db/schema";

/**
 * Merchants signing up at the same moment each get their sandbox channel accounts. Their first
 * inserts take gap locks on channel_accounts' unique index, and InnoDB may roll one of them back as
 * a deadlock (seen in CI: tests/api/goods.test.ts creating two merchants at once failed its setup
 * with ER_LOCK_DEADLOCK); the rolled-back one must run again, never fail the sign-up.
 */
describe("concurrent sign-ups", () => {
  it("twelve merchants created at once all get both sandbox accounts", async () => {
    const stamp = Date.now();
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createMerchant({ email: `burst-${stamp}-${i}@example.com`, password: "a long enough passphrase", name: `Burst ${i}` })),
    );
    const rows = await db()
      .select({ merchantId: channelAccounts.merchantId, provider: channelAccounts.provider })
      .from(channelAccounts)
      .where(inArray(channelAccounts.merchantId, made.map((m) => m.merchantId)));
    expect(rows).toHaveLength(24);
  }, 120_000);
});

describe("retryOnDeadlock", () => {
  it("reruns the transaction InnoDB rolled back when two first inserts raced on channel_accounts' gaps", async () => {
    const mysql = await import("mysql2/promise");
    const { retryOnDeadlock } = await import("../../lib/db/client");
    const url = process.env.DATABASE_URL!;
    const [c1, c2] = await Promise.all([mysql.createConnection({ uri: url }), mysql.createConnection({ uri: url })]);
    const stamp = Date.now().toString(36);
    // Exactly upsertChannelAccount's statements for a merchant without an account: a locking read that
    // finds nothing (a gap lock), then the insert into that gap.
    const firstInsert = async (c: typeof c1, merchantId: string, step?: () => Promise<void>) => {
      await c.query("BEGIN");
      try {
        await c.query("SELECT id FROM channel_accounts WHERE merchant_id = ? AND provider = 'alipay' AND mode = 'live' FOR UPDATE", [merchantId]);
        await step?.();
        await c.query(
          "INSERT INTO channel_accounts (id, merchant_id, provider, mode, public_config, secrets_sealed, credential_version, created_at, updated_at) VALUES (?, ?, 'alipay', 'live', '{}', 'x', 1, NOW(3), NOW(3))",
          [`ca_${merchantId}`, merchantId],
        );
        await c.query("COMMIT");
      } catch (error) {
        await c.query("ROLLBACK");
        throw error;
      }
    };
    // Merchants of our own with neighbouring ids, so both locking reads fall into one gap of the index.
    for (const suffix of ["a", "b", "c", "d"]) {
      await c1.query("INSERT INTO merchants (id, name, webhook_secret_sealed, created_at) VALUES (?, 'Gap', '', NOW(3))", [`mer_zz${stamp}${suffix}`]);
    }
    try {
      // Both hold the gap before either inserts: one of the two inserts is a deadlock victim.
      let bothLocked: () => void = () => {};
      const gate = new Promise<void>((r) => (bothLocked = r));
      let locked = 0;
      const arrive = async () => {
        if (++locked === 2) bothLocked();
        await gate;
      };
      const outcomes = await Promise.allSettled([
        firstInsert(c1, `mer_zz${stamp}a`, arrive),
        firstInsert(c2, `mer_zz${stamp}b`, arrive),
      ]);
      const victims = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason as { errno?: number });
      expect(victims.map((v) => v.errno)).toEqual([1213]);

      // The same race with each side in retryOnDeadlock: both accounts end up written.
      let locked2 = 0;
      let release: () => void = () => {};
      const gate2 = new Promise<void>((r) => (release = r));
      const arrive2 = async () => {
        if (++locked2 === 2) release();
        if (locked2 <= 2) await gate2;
      };
      await Promise.all([
        retryOnDeadlock(() => firstInsert(c1, `mer_zz${stamp}c`, arrive2)),
        retryOnDeadlock(() => firstInsert(c2, `mer_zz${stamp}d`, arrive2)),
      ]);
      const [rows] = await c1.query("SELECT merchant_id FROM channel_accounts WHERE merchant_id IN (?, ?)", [`mer_zz${stamp}c`, `mer_zz${stamp}d`]);
      expect(rows).toHaveLength(2);
    } finally {
      await Promise.all([c1.end(), c2.end()]);
    }
  }, 60_000);
});
