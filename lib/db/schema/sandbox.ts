import { mysqlTable, varchar, datetime, int, json, text, mysqlEnum, uniqueIndex, index, tinyint } from "drizzle-orm/mysql-core";

/**
 * The channel sandbox's state (lib/sandbox/store.ts): its own provider keys, the test-mode apps and
 * merchants registered with it, and its trades. Written only by lib/sandbox; payrelay's own tables
 * never reference these, exactly as they would not reference Alipay's database.
 */
export const sandboxIdentity = mysqlTable("sandbox_identity", {
  /** Always 1: there is one sandbox identity per deployment. */
  id: tinyint("id").primaryKey(),
  /** The SandboxIdentity record as JSON, sealed with the master key (it holds the sandbox's private keys). */
  identitySealed: text("identity_sealed").notNull(),
  createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
});

export const sandboxAlipayApps = mysqlTable("sandbox_alipay_apps", {
  appId: varchar("app_id", { length: 32 }).primaryKey(),
  mode: mysqlEnum("mode", ["test", "live"]).notNull(),
  accountRef: varchar("account_ref", { length: 64 }).notNull(),
  /** SandboxAlipayApp minus the columns above; public keys only. */
  record: json("record").$type<Record<string, unknown>>().notNull(),
});

export const sandboxWechatMerchants = mysqlTable("sandbox_wechat_merchants", {
  mchid: varchar("mchid", { length: 32 }).primaryKey(),
  mode: mysqlEnum("mode", ["test", "live"]).notNull(),
  accountRef: varchar("account_ref", { length: 64 }).notNull(),
  /** SandboxWechatMerchant minus the APIv3 key; certificates and public keys only. */
  record: json("record").$type<Record<string, unknown>>().notNull(),
  apiV3KeySealed: text("api_v3_key_sealed").notNull(),
});

export const sandboxTrades = mysqlTable(
  "sandbox_trades",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    provider: mysqlEnum("provider", ["alipay", "wechatpay"]).notNull(),
    tradeType: varchar("trade_type", { length: 8 }).notNull(),
    appId: varchar("app_id", { length: 32 }).notNull(),
    mchid: varchar("mchid", { length: 32 }),
    /** app_id for Alipay, mchid for WeChat: the scope in which out_trade_no is unique. */
    merchantKey: varchar("merchant_key", { length: 32 }).notNull(),
    outTradeNo: varchar("out_trade_no", { length: 64 }).notNull(),
    amountFen: int("amount_fen").notNull(),
    subject: varchar("subject", { length: 256 }).notNull(),
    body: varchar("body", { length: 512 }),
    notifyUrl: varchar("notify_url", { length: 512 }),
    returnUrl: varchar("return_url", { length: 512 }),
    quitUrl: varchar("quit_url", { length: 512 }),
    attach: varchar("attach", { length: 1024 }),
    status: varchar("status", { length: 16 }).notNull(),
    providerTradeNo: varchar("provider_trade_no", { length: 64 }).notNull(),
    prepayId: varchar("prepay_id", { length: 64 }),
    timeExpire: datetime("time_expire", { mode: "date", fsp: 3 }).notNull(),
    openedAt: datetime("opened_at", { mode: "date", fsp: 3 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    paidAt: datetime("paid_at", { mode: "date", fsp: 3 }),
    closedAt: datetime("closed_at", { mode: "date", fsp: 3 }),
    payerOpenid: varchar("payer_openid", { length: 128 }),
    buyerId: varchar("buyer_id", { length: 32 }),
    clientIp: varchar("client_ip", { length: 64 }),
    /** Sum of the trade's refunds that were not refused, in fen; never above amountFen. */
    refundedFen: int("refunded_fen").notNull().default(0),
    /** What the next refunds of this trade do (the simulate API's `refund` outcome), JSON; null = succeed. */
    refundScript: varchar("refund_script", { length: 128 }),
  },
  (t) => [
    uniqueIndex("sandbox_trades_out_trade_no").on(t.provider, t.merchantKey, t.outTradeNo),
    index("sandbox_trades_provider_trade_no").on(t.provider, t.merchantKey, t.providerTradeNo),
    index("sandbox_trades_status_expire").on(t.status, t.timeExpire),
    index("sandbox_trades_prepay_id").on(t.prepayId),
  ],
);

/** Refunds the emulators accepted (lib/sandbox/refunds.ts). */
export const sandboxRefunds = mysqlTable(
  "sandbox_refunds",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    provider: mysqlEnum("provider", ["alipay", "wechatpay"]).notNull(),
    merchantKey: varchar("merchant_key", { length: 32 }).notNull(),
    tradeId: varchar("trade_id", { length: 48 }).notNull(),
    /** Alipay out_request_no / WeChat out_refund_no: unique per merchant, a repeat is the same refund. */
    outRefundNo: varchar("out_refund_no", { length: 64 }).notNull(),
    amountFen: int("amount_fen").notNull(),
    reason: varchar("reason", { length: 256 }),
    notifyUrl: varchar("notify_url", { length: 512 }),
    /** PROCESSING | SUCCESS | ABNORMAL | CLOSED (WeChat's names; Alipay's refund is SUCCESS or not yet). */
    status: varchar("status", { length: 16 }).notNull(),
    /** The state PROCESSING turns into at settleAt. */
    finalStatus: varchar("final_status", { length: 16 }).notNull(),
    settleAt: datetime("settle_at", { mode: "date", fsp: 3 }).notNull(),
    providerRefundNo: varchar("provider_refund_no", { length: 64 }).notNull(),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    successAt: datetime("success_at", { mode: "date", fsp: 3 }),
  },
  (t) => [uniqueIndex("sandbox_refunds_out_refund_no").on(t.provider, t.merchantKey, t.outRefundNo), index("sandbox_refunds_trade").on(t.tradeId)],
);
