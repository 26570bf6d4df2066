import { mysqlTable, varchar, datetime, mysqlEnum, char, index, uniqueIndex } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";

export const apiKeys = mysqlTable(
  "api_keys",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    kind: mysqlEnum("kind", ["secret", "publishable"]).notNull(),
    mode: mysqlEnum("mode", ["test", "live"]).notNull(),
    /** SHA-256 (hex) of the full key: the key itself is shown once and never stored. */
    keyHash: char("key_hash", { length: 64 }).notNull(),
    /** The first characters of the key ("sk_test_AbCd"), enough to recognise it in the portal. */
    prefix: varchar("prefix", { length: 24 }).notNull(),
    /**
     * A publishable key in full: it is meant to sit in a web page, so the portal shows it whenever
     * asked. Always null for secret keys, and for publishable keys made before this column existed.
     */
    publishableKey: varchar("publishable_key", { length: 48 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    lastUsedAt: datetime("last_used_at", { mode: "date", fsp: 3 }),
    revokedAt: datetime("revoked_at", { mode: "date", fsp: 3 }),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash), index("api_keys_merchant").on(t.merchantId)],
);
