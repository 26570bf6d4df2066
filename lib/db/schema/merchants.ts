import { mysqlTable, varchar, datetime, uniqueIndex, index, text, json } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";

const now = sql`CURRENT_TIMESTAMP(3)`;

export const merchants = mysqlTable("merchants", {
  id: varchar("id", { length: 48 }).primaryKey(),
  name: varchar("name", { length: 128 }).notNull(),
  /** The Standard Webhooks signing secret, sealed (lib/crypto/secret-box) with AAD "merchant:{id}:webhook". */
  webhookSecretSealed: text("webhook_secret_sealed").notNull(),
  /** After a rotation the old secret keeps signing too (two v1 signatures) until this instant. AAD "merchant:{id}:webhook:previous". */
  previousWebhookSecretSealed: text("previous_webhook_secret_sealed"),
  previousWebhookSecretExpiresAt: datetime("previous_webhook_secret_expires_at", { mode: "date", fsp: 3 }),
  /**
   * Live mode signs with a secret of its own (the columns above are test mode's), so a test-mode
   * integration never holds what signs live webhooks. AAD "merchant:{id}:webhook:live" (and ":previous").
   * Null only for merchants created before it existed; it is created on first use.
   */
  liveWebhookSecretSealed: text("live_webhook_secret_sealed"),
  livePreviousWebhookSecretSealed: text("live_previous_webhook_secret_sealed"),
  livePreviousWebhookSecretExpiresAt: datetime("live_previous_webhook_secret_expires_at", { mode: "date", fsp: 3 }),
  /**
   * Set by the operator (`npm run cli -- merchants suspend`): the merchant's API keys get 403
   * merchant_suspended and its portal users cannot sign in, while what is already under way (pending
   * orders, callbacks, sweeps, webhooks) carries on. Null: active.
   */
  suspendedAt: datetime("suspended_at", { mode: "date", fsp: 3 }),
  /**
   * The hosts a checkout session made with a publishable key may send the buyer back to
   * (lib/merchants/redirect-domains.ts): "shop.example" or "*.shop.example", punycode, lower case.
   * Null or empty: none, so publishable-key sessions are refused until the merchant lists one.
   */
  redirectDomains: json("redirect_domains").$type<string[]>(),
  createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(now),
});

export const merchantUsers = mysqlTable(
  "merchant_users",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    /** Lower-cased on write; unique across payrelay. */
    email: varchar("email", { length: 254 }).notNull(),
    passwordHash: varchar("password_hash", { length: 100 }).notNull(),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(now),
  },
  (t) => [uniqueIndex("merchant_users_email").on(t.email), index("merchant_users_merchant").on(t.merchantId)],
);
