import { mysqlTable, varchar, datetime, boolean, int, bigint, char, mysqlEnum, index } from "drizzle-orm/mysql-core";

/** A hosted checkout: goods, quantity and amount fixed at creation; the page creates the order. */
export const checkoutSessions = mysqlTable(
  "checkout_sessions",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 }).notNull(),
    livemode: boolean("livemode").notNull(),
    goodsId: varchar("goods_id", { length: 48 }).notNull(),
    quantity: int("quantity").notNull(),
    /** Unit price × quantity in fen, fixed when the session is created. */
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    currency: char("currency", { length: 3 }).notNull().default("CNY"),
    buyerId: varchar("buyer_id", { length: 128 }).notNull(),
    attach: varchar("attach", { length: 1024 }),
    openId: varchar("open_id", { length: 128 }),
    successUrl: varchar("success_url", { length: 2048 }).notNull(),
    cancelUrl: varchar("cancel_url", { length: 2048 }),
    status: mysqlEnum("status", ["open", "complete", "expired"]).notNull().default("open"),
    /** The order the page created (one per session; a second channel choice replaces a pending one). */
    orderId: varchar("order_id", { length: 48 }),
    channel: varchar("channel", { length: 32 }),
    /**
     * The first order of the session that was paid, set by compare-and-set (WHERE paid_order_id IS
     * NULL) in the transaction that marks it paid. Any later paid order of the session is a duplicate
     * payment (orders.duplicate_payment) for the merchant to refund.
     */
    paidOrderId: varchar("paid_order_id", { length: 48 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    expiresAt: datetime("expires_at", { mode: "date", fsp: 3 }).notNull(),
    completedAt: datetime("completed_at", { mode: "date", fsp: 3 }),
  },
  (t) => [index("checkout_sessions_merchant").on(t.merchantId, t.livemode, t.createdAt)],
);
