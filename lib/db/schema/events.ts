import { mysqlTable, varchar, datetime, boolean, json, index } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";

/**
 * The outbox: every state change writes its event in the same transaction as the change.
 * `enqueuedAt` stays null until the web process (or the worker's relay) has handed it to BullMQ.
 */
export const events = mysqlTable(
  "events",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    type: varchar("type", { length: 64 }).notNull(),
    orderId: varchar("order_id", { length: 48 }),
    data: json("data").$type<Record<string, unknown>>().notNull(),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    enqueuedAt: datetime("enqueued_at", { mode: "date", fsp: 3 }),
  },
  (t) => [
    index("events_merchant_mode_created").on(t.merchantId, t.livemode, t.createdAt, t.id),
    index("events_order").on(t.orderId),
    index("events_unenqueued").on(t.enqueuedAt, t.createdAt),
  ],
);
