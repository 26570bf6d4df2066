import { mysqlTable, varchar, datetime, boolean, int, bigint, char, mysqlEnum, index, uniqueIndex } from "drizzle-orm/mysql-core";

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
    /**
     * The payment link whose visit opened this session. Its buyerId is then the link's id until the
     * payer is known (the openid inside WeChat; the channel's payer id once paid), see payment-links/.
     */
    paymentLinkId: varchar("payment_link_id", { length: 48 }),
    /**
     * The Idempotency-Key the session was created under through the API (sha256 of the API key's id
     * and the key), and the request's fingerprint, written with the session: a retry after a process
     * died before recording the answer in Redis gets this session back, not a second one.
     */
    idempotencyKey: char("idempotency_key", { length: 64 }),
    idempotencyFingerprint: char("idempotency_fingerprint", { length: 64 }),
  },
  (t) => [
    index("checkout_sessions_merchant").on(t.merchantId, t.livemode, t.createdAt),
    index("checkout_sessions_payment_link").on(t.paymentLinkId, t.createdAt),
    uniqueIndex("checkout_sessions_idempotency_key").on(t.idempotencyKey),
  ],
);

/**
 * A payment link: one fixed URL (/l/{id}) and QR code for a goods and quantity. Every visit opens a
 * checkout session of its own (and so its own order); deactivating it stops new visits only.
 */
export const paymentLinks = mysqlTable(
  "payment_links",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 }).notNull(),
    livemode: boolean("livemode").notNull(),
    goodsId: varchar("goods_id", { length: 48 }).notNull(),
    quantity: int("quantity").notNull(),
    /** Where the buyer goes after paying (with ?orderId=); null: payrelay's own "paid" page. */
    successUrl: varchar("success_url", { length: 2048 }),
    active: boolean("active").notNull().default(true),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [index("payment_links_merchant_mode_created").on(t.merchantId, t.livemode, t.createdAt, t.id)],
);
