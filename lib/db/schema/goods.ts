import { mysqlTable, varchar, datetime, boolean, int, char, index } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";

export const goods = mysqlTable(
  "goods",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    name: varchar("name", { length: 128 }).notNull(),
    description: varchar("description", { length: 1024 }),
    /** Unit price in fen (minor units). */
    priceFen: int("price_fen").notNull(),
    currency: char("currency", { length: 3 }).notNull().default("CNY"),
    notifyOrderCreatedUrl: varchar("notify_order_created_url", { length: 2048 }),
    notifyOrderPaidUrl: varchar("notify_order_paid_url", { length: 2048 }),
    active: boolean("active").notNull().default(true),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  // Listing pages by (merchant, mode) newest-first with the id as tie-breaker.
  (t) => [index("goods_merchant_mode_created").on(t.merchantId, t.livemode, t.createdAt, t.id)],
);
