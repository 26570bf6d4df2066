import { mysqlTable, varchar, datetime, mysqlEnum, json, text, uniqueIndex } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";

/**
 * A merchant's credentials for one provider in one mode. Identifiers that appear on the wire anyway
 * (app id, mch id, serial numbers) live in `publicConfig`; private keys and the APIv3 key live only
 * in `secretsSealed` (AES-256-GCM, AAD "channel-account:{id}").
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
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex("channel_accounts_merchant_provider_mode").on(t.merchantId, t.provider, t.mode)],
);
