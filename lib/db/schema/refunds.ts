import { mysqlTable, varchar, datetime, boolean, bigint, char, mysqlEnum, index, uniqueIndex } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";
import { merchants } from "./merchants";
import { orders } from "./orders";

export const refundStatuses = ["pending", "succeeded", "failed"] as const;

/**
 * A refund of (part of) a paid order. Its id is the channel's request number (Alipay
 * out_request_no, WeChat out_refund_no), so sending it again can never refund twice.
 */
export const refunds = mysqlTable(
  "refunds",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    orderId: varchar("order_id", { length: 48 })
      .notNull()
      .references(() => orders.id),
    /** In fen. */
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    currency: char("currency", { length: 3 }).notNull().default("CNY"),
    reason: varchar("reason", { length: 80 }),
    status: mysqlEnum("status", refundStatuses).notNull().default("pending"),
    /** Alipay trade_no of the refund / WeChat refund_id, once the channel reported it. */
    channelRefundNo: varchar("channel_refund_no", { length: 64 }),
    failureCode: varchar("failure_code", { length: 64 }),
    failureMessage: varchar("failure_message", { length: 512 }),
    /** When the refund request last reached the channel with an answer (null: never sent or unknown). */
    submittedAt: datetime("submitted_at", { mode: "date", fsp: 3 }),
    /** When the channel was last asked (send or query); throttles reads and the sweep. */
    lastSyncedAt: datetime("last_synced_at", { mode: "date", fsp: 3 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    succeededAt: datetime("succeeded_at", { mode: "date", fsp: 3 }),
    failedAt: datetime("failed_at", { mode: "date", fsp: 3 }),
    /**
     * The Idempotency-Key the refund was requested under (sha256 of the API key's id and the key),
     * and the request's fingerprint. Written in the transaction that reserves the amount and records
     * the refund, so a retry finds this refund even when the process died before the answer was
     * recorded in Redis: no second refund request (no second out_refund_no) at the channel.
     */
    idempotencyKey: char("idempotency_key", { length: 64 }),
    idempotencyFingerprint: char("idempotency_fingerprint", { length: 64 }),
  },
  (t) => [
    index("refunds_order_created").on(t.orderId, t.createdAt),
    index("refunds_merchant_mode_created").on(t.merchantId, t.livemode, t.createdAt, t.id),
    index("refunds_status_created").on(t.status, t.createdAt),
    // A merchant's pending refunds (olderVersionsInUse: an older credential version stays in use
    // while a refund of one of its orders is pending), without reading every merchant's.
    index("refunds_owner_status").on(t.merchantId, t.livemode, t.status),
    uniqueIndex("refunds_idempotency_key").on(t.idempotencyKey),
  ],
);
