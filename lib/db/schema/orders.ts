import { mysqlTable, varchar, datetime, boolean, int, bigint, char, json, mysqlEnum, index, uniqueIndex } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";
import { goods } from "./goods";

export const orderStatuses = ["pending", "paid", "closed"] as const;

/**
 * Orders are written by the payments issue; the table is laid now so goods' price history can be
 * tested (an order keeps the amount it was created with) and later work extends rather than rewrites.
 */
export const orders = mysqlTable(
  "orders",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    goodsId: varchar("goods_id", { length: 48 })
      .notNull()
      .references(() => goods.id),
    quantity: int("quantity").notNull(),
    /** Unit price in fen at creation, copied from the goods: later price changes do not touch it. */
    unitPriceFen: int("unit_price_fen").notNull(),
    /** unitPriceFen × quantity, in fen. */
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    currency: char("currency", { length: 3 }).notNull().default("CNY"),
    channel: varchar("channel", { length: 32 }).notNull(),
    /** The channel account the order was created with; a callback must arrive on this account's URL. */
    channelAccountId: varchar("channel_account_id", { length: 48 }),
    /** The account's credential version the order was created with: its callbacks, queries and closes use it. */
    credentialVersion: int("credential_version"),
    /** What the channel shows the buyer (the goods' name at creation, "× n" for n > 1). */
    subject: varchar("subject", { length: 256 }).notNull().default(""),
    buyerId: varchar("buyer_id", { length: 128 }).notNull(),
    attach: varchar("attach", { length: 1024 }),
    openId: varchar("open_id", { length: 128 }),
    clientIp: varchar("client_ip", { length: 45 }),
    returnUrl: varchar("return_url", { length: 2048 }),
    /** The hosted checkout session that created it (a desktop page creates one per QR code). */
    checkoutSessionId: varchar("checkout_session_id", { length: 48 }),
    status: mysqlEnum("status", orderStatuses).notNull().default("pending"),
    paidAfterClose: boolean("paid_after_close").notNull().default(false),
    /** Paid after another order of its checkout session was: the buyer paid the session twice; refund this one. */
    duplicatePayment: boolean("duplicate_payment").notNull().default(false),
    /** Sum of the order's succeeded refunds, in fen (the API's `amountRefunded`). */
    amountRefundedFen: bigint("amount_refunded_fen", { mode: "number" }).notNull().default(0),
    /**
     * Sum of the order's refunds that have not failed (pending + succeeded), in fen. Raised by
     * compare-and-set under the row lock when a refund is created, never past amountFen: this is
     * what keeps concurrent refund requests from over-refunding.
     */
    refundReservedFen: bigint("refund_reserved_fen", { mode: "number" }).notNull().default(0),
    channelTradeNo: varchar("channel_trade_no", { length: 64 }),
    payParams: json("pay_params").$type<Record<string, string>>(),
    /** The last channel failure (create, query or close), for the API and the portal. */
    failureCode: varchar("failure_code", { length: 64 }),
    failureMessage: varchar("failure_message", { length: 512 }),
    /** When the channel was last asked about this order (query throttling, reconciliation). */
    lastSyncedAt: datetime("last_synced_at", { mode: "date", fsp: 3 }),
    /** Channel failures in a row met by the sweeps (expiry, reconciliation); reset when the channel answers. */
    sweepFailures: int("sweep_failures").notNull().default(0),
    /** The sweeps leave the order alone until then (exponential back-off after a channel failure); null: no back-off. */
    nextAttemptAt: datetime("next_attempt_at", { mode: "date", fsp: 3 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    paidAt: datetime("paid_at", { mode: "date", fsp: 3 }),
    closedAt: datetime("closed_at", { mode: "date", fsp: 3 }),
    expiresAt: datetime("expires_at", { mode: "date", fsp: 3 }).notNull(),
    /**
     * The Idempotency-Key the order was created under (sha256 of the API key's id and the key), and
     * the request's fingerprint. Written in the order's own transaction, so a retry finds the order
     * even when the process died before the answer was recorded in Redis: no second order.
     */
    idempotencyKey: char("idempotency_key", { length: 64 }),
    idempotencyFingerprint: char("idempotency_fingerprint", { length: 64 }),
  },
  (t) => [
    index("orders_merchant_mode_created").on(t.merchantId, t.livemode, t.createdAt, t.id),
    // One per list filter of the API and the portal (status, goodsId, buyerId, channel): equality on
    // the owner and the filter, then the keyset order, so a page reads its rows in index order and
    // stops, however many orders the merchant has (issue 16; EXPLAIN in docs/benchmarks.md).
    index("orders_owner_status_created").on(t.merchantId, t.livemode, t.status, t.createdAt, t.id),
    index("orders_owner_goods_created").on(t.merchantId, t.livemode, t.goodsId, t.createdAt, t.id),
    index("orders_owner_buyer_created").on(t.merchantId, t.livemode, t.buyerId, t.createdAt, t.id),
    index("orders_owner_channel_created").on(t.merchantId, t.livemode, t.channel, t.createdAt, t.id),
    index("orders_status_expires").on(t.status, t.expiresAt),
    index("orders_status_created").on(t.status, t.createdAt),
    // Which credential versions are still in use (olderVersionsInUse: a seek per version, closed_at
    // for the late-notification window; the portal's rotation view uses the prefix).
    index("orders_account_version_status_closed").on(t.channelAccountId, t.credentialVersion, t.status, t.closedAt),
    index("orders_status_next_attempt").on(t.status, t.nextAttemptAt),
    index("orders_checkout_session").on(t.checkoutSessionId, t.status),
    uniqueIndex("orders_idempotency_key").on(t.idempotencyKey),
  ],
);
