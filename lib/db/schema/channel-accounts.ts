import { mysqlTable, varchar, datetime, mysqlEnum, json, text, uniqueIndex, int, primaryKey, foreignKey } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";

/**
 * A merchant's credentials for one provider in one mode. Identifiers that appear on the wire anyway
 * (app id, mch id, serial numbers) live in `publicConfig`; private keys and the APIv3 key live only
 * in `secretsSealed` (AES-256-GCM, AAD "channel-account:{id}"). The row holds the current version
 * of the credentials; every version, the current one included, is kept in `channel_account_versions`.
 */
export const channelAccounts = mysqlTable(
  "channel_accounts",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    provider: mysqlEnum("provider", ["alipay", "wechatpay"]).notNull(),
    mode: mysqlEnum("mode", ["test", "live"]).notNull(),
    publicConfig: json("public_config").$type<Record<string, string | null>>().notNull(),
    secretsSealed: text("secrets_sealed").notNull(),
    /** The version `publicConfig` / `secretsSealed` are: 1 at creation, +1 on every replacement. */
    credentialVersion: int("credential_version").notNull().default(1),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex("channel_accounts_merchant_provider_mode").on(t.merchantId, t.provider, t.mode)],
);

/**
 * Every version of an account's credentials, never updated or deleted: an order records the
 * version it was created with, and its callbacks, queries and closes use that version, so
 * replacing credentials does not strand orders made under the old ones. Sealed like the account
 * row (same AAD: a version belongs to its account).
 */
export const channelAccountVersions = mysqlTable(
  "channel_account_versions",
  {
    channelAccountId: varchar("channel_account_id", { length: 48 }).notNull(),
    version: int("version").notNull(),
    publicConfig: json("public_config").$type<Record<string, string | null>>().notNull(),
    secretsSealed: text("secrets_sealed").notNull(),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    primaryKey({ columns: [t.channelAccountId, t.version] }),
    // Named: the generated name is longer than MariaDB's 64 characters.
    foreignKey({ name: "channel_account_versions_account_fk", columns: [t.channelAccountId], foreignColumns: [channelAccounts.id] }),
  ],
);
