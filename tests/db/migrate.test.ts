/**
 * Several processes of one deployment start together and each migrates first (scripts/start.ts);
 * they must not trip over each other's CREATE TABLE.
 */
import { afterAll, describe, expect, it } from "vitest";
import mysql from "mysql2/promise";
import { dropDatabase, migrateDatabase, splitDatabaseUrl } from "../../lib/db/migrate";

const url = `${process.env.DATABASE_URL!}_concurrent`;
afterAll(() => dropDatabase(url));

describe("migrateDatabase", () => {
  it("four processes migrating a fresh database at once all succeed, and the schema is applied once", async () => {
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => migrateDatabase(url)));
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);

    const { serverUrl, database } = splitDatabaseUrl(url);
    const conn = await mysql.createConnection({ uri: serverUrl });
    try {
      const [applied] = await conn.query(`SELECT COUNT(*) AS n FROM \`${database}\`.__drizzle_migrations`);
      const journal = (await import("../../drizzle/meta/_journal.json", { with: { type: "json" } })).default;
      expect((applied as Array<{ n: number }>)[0]!.n).toBe(journal.entries.length);
      const [tables] = await conn.query(`SHOW TABLES FROM \`${database}\` LIKE 'orders'`);
      expect(tables).toHaveLength(1);
    } finally {
      await conn.end();
    }
  }, 120_000);
});
