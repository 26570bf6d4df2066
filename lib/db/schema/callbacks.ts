import { mysqlTable, varchar, datetime, boolean, json, text, index, int } from "drizzle-orm/mysql-core";

/**
 * Every inbound channel notification, verified or not, exactly as received: the portal's order
 * timeline shows them, and an operator can see a forged or mismatched one and why it was refused.
 */
export const channelCallbacks = mysqlTable(
  "channel_callbacks",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    channelAccountId: varchar("channel_account_id", { length: 48 }).notNull(),
    merchantId: varchar("merchant_id", { length: 48 }),
    provider: varchar("provider", { length: 16 }).notNull(),
    orderId: varchar("order_id", { length: 48 }),
    verified: boolean("verified").notNull(),
    /** applied | duplicate | paid_after_close | rejected | unverified */
    outcome: varchar("outcome", { length: 32 }).notNull(),
    reason: varchar("reason", { length: 512 }),
    notificationId: varchar("notification_id", { length: 128 }),
    headers: json("headers").$type<Record<string, string>>().notNull(),
    rawBody: text("raw_body").notNull(),
    receivedAt: datetime("received_at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [index("channel_callbacks_order").on(t.orderId, t.receivedAt), index("channel_callbacks_account").on(t.channelAccountId, t.receivedAt)],
);

/** Every call payrelay made to a channel for an order: what was asked, how it went, how long it took. */
export const channelRequests = mysqlTable(
  "channel_requests",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    orderId: varchar("order_id", { length: 48 }).notNull(),
    /** create | query | close */
    operation: varchar("operation", { length: 16 }).notNull(),
    ok: boolean("ok").notNull(),
    /** For create/query/close: the channel's verdict (e.g. "paid", "closed") or the error code. */
    result: varchar("result", { length: 64 }),
    message: varchar("message", { length: 512 }),
    durationMs: int("duration_ms"),
    at: datetime("at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [index("channel_requests_order").on(t.orderId, t.at)],
);
