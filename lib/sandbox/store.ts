/**
 * The channel sandbox's state. Plain JSON-serialisable records (strings, numbers, booleans, null,
 * Date), so a MySQL implementation maps each record to one row. Every method is async for that
 * implementation; `createMemorySandboxStore()` is the reference used by tests.
 */

export type SandboxProvider = "alipay" | "wechatpay";

/** The sandbox's own keys: what "Alipay" and "WeChat Pay" sign with. Created once, kept forever. */
export interface SandboxIdentity {
  /** Signs classic gateway responses, v3 responses, notifications and return URLs. */
  alipayPrivateKeyPem: string;
  /** Handed to merchants as `alipayPublicKey`. */
  alipayPublicKeyPem: string;
  /** Platform-certificate mode: the key behind the certificate served by /v3/certificates. */
  wechatPlatformPrivateKeyPem: string;
  wechatPlatformCertPem: string;
  /** 40 uppercase hex characters; the exact `Wechatpay-Serial` and `serial_no` we send. */
  wechatPlatformSerial: string;
  wechatPlatformCertNotBefore: Date;
  wechatPlatformCertNotAfter: Date;
  /** Public-key mode ("微信支付公钥"): a separate key pair, named by a PUB_KEY_ID_… id. */
  wechatPublicKeyId: string;
  wechatPublicKeyPrivatePem: string;
  wechatPublicKeyPem: string;
}

export type SandboxMode = "test" | "live";

export interface SandboxAlipayApp {
  appId: string;
  /** The merchant's app public key (SPKI PEM); we verify their requests with it. */
  appPublicKeyPem: string;
  /** Our own reference (e.g. the channel account or merchant id) for whoever owns this app. */
  accountRef: string;
  /** Only "test" apps may use the sandbox; a live app id is refused like an unknown one. */
  mode: SandboxMode;
  /** The 2088… partner id reported as seller_id. */
  sellerId: string;
  createdAt: Date;
}

/** Which key signs responses and notifications for a WeChat merchant (see the protocol notes, B.3). */
export type WechatSigningMode = "platform_certificate" | "public_key";

export interface SandboxWechatMerchant {
  mchid: string;
  accountRef: string;
  mode: SandboxMode;
  /** App ids bound to this merchant; an order for any other appid is APPID_MCHID_NOT_MATCH. */
  appids: string[];
  /** The merchant API certificate (apiclient_cert.pem) and its serial (uppercase hex). */
  merchantCertPem: string;
  merchantCertSerial: string;
  merchantPublicKeyPem: string;
  apiV3Key: string;
  signingMode: WechatSigningMode;
  createdAt: Date;
}

export type AlipayTradeStatus = "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED" | "TRADE_FINISHED";
/** REFUND: paid, then fully refunded (the payment query's "转入退款"). */
export type WechatTradeState = "NOTPAY" | "SUCCESS" | "CLOSED" | "PAYERROR" | "REFUND";
export type SandboxTradeStatus = AlipayTradeStatus | WechatTradeState;

/**
 * "WAP" = alipay.trade.wap.pay, "PAGE" = alipay.trade.page.pay, "QR" = alipay.trade.precreate;
 * MWEB/JSAPI/NATIVE are WeChat's trade_type names for h5, jsapi and native.
 */
export type SandboxTradeType = "WAP" | "PAGE" | "QR" | "MWEB" | "JSAPI" | "NATIVE";

export interface SandboxTrade {
  /** `sbt_…`; the cashier page is /sandbox/pay/{id}. */
  id: string;
  provider: SandboxProvider;
  tradeType: SandboxTradeType;
  /** Alipay app_id, or WeChat appid. */
  appId: string;
  /** WeChat mchid; null for Alipay. Together with appId/outTradeNo it is the merchant's key. */
  mchid: string | null;
  outTradeNo: string;
  amountFen: number;
  /** Alipay subject / WeChat description. */
  subject: string;
  body: string | null;
  notifyUrl: string | null;
  returnUrl: string | null;
  /** Alipay quit_url: where the cashier's "back" goes. */
  quitUrl: string | null;
  /** WeChat attach / Alipay passback_params: handed back untouched. */
  attach: string | null;
  status: SandboxTradeStatus;
  /** Alipay trade_no / WeChat transaction_id, assigned at creation, reported once it is visible. */
  providerTradeNo: string;
  /** WeChat prepay_id (wx…); null for Alipay. */
  prepayId: string | null;
  timeExpire: Date;
  /**
   * Alipay only creates a trade once the buyer starts paying: until the cashier is opened, query
   * and close answer ACQ.TRADE_NOT_EXIST. WeChat orders exist from the moment they are placed.
   */
  openedAt: Date | null;
  createdAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
  /** WeChat payer openid (given for jsapi, invented for h5 at payment). */
  payerOpenid: string | null;
  /** Alipay buyer_id (2088…), assigned at payment. */
  buyerId: string | null;
  /** WeChat payer_client_ip from scene_info (h5). */
  clientIp: string | null;
  /** Sum of the refunds accepted on this trade, in fen (never above amountFen); absent = 0. */
  refundedFen?: number;
  /** What refunds of this trade do (JSON of a RefundScript, lib/sandbox/refunds.ts); absent = succeed. */
  refundScript?: string | null;
}

/** WeChat's refund states; an Alipay refund is PROCESSING (not yet) or SUCCESS. */
export type SandboxRefundStatus = "PROCESSING" | "SUCCESS" | "ABNORMAL" | "CLOSED";

export interface SandboxRefund {
  /** `sbr_…` */
  id: string;
  provider: SandboxProvider;
  /** The trade's merchant key (Alipay app_id / WeChat mchid): out_refund_no is unique within it. */
  merchantKey: string;
  tradeId: string;
  /** Alipay out_request_no / WeChat out_refund_no. */
  outRefundNo: string;
  amountFen: number;
  reason: string | null;
  /** WeChat notify_url of the refund; Alipay notifies the payment's notify_url. */
  notifyUrl: string | null;
  status: SandboxRefundStatus;
  /** What PROCESSING becomes at settleAt (the scripted outcome). */
  finalStatus: SandboxRefundStatus;
  settleAt: Date;
  /** WeChat refund_id; for Alipay the trade_no. */
  providerRefundNo: string;
  createdAt: Date;
  successAt: Date | null;
}

export type TradePatch = Partial<Omit<SandboxTrade, "id" | "provider" | "appId" | "mchid" | "outTradeNo">>;

export interface SandboxStore {
  getIdentity(): Promise<SandboxIdentity | null>;
  /** Saves `identity` unless one exists; returns whichever is stored (first writer wins). */
  saveIdentityIfAbsent(identity: SandboxIdentity): Promise<SandboxIdentity>;

  getAlipayApp(appId: string): Promise<SandboxAlipayApp | null>;
  /** Upsert by appId. */
  saveAlipayApp(app: SandboxAlipayApp): Promise<void>;
  getWechatMerchant(mchid: string): Promise<SandboxWechatMerchant | null>;
  /** Upsert by mchid. */
  saveWechatMerchant(merchant: SandboxWechatMerchant): Promise<void>;

  /**
   * Inserts unless a trade with the same (provider, appId for Alipay / mchid for WeChat, outTradeNo)
   * exists; then returns that one with `created: false` and changes nothing. (Unique key in SQL.)
   */
  insertTrade(trade: SandboxTrade): Promise<{ created: boolean; trade: SandboxTrade }>;
  getTrade(id: string): Promise<SandboxTrade | null>;
  /** `merchantKey` is the Alipay app_id or the WeChat mchid. */
  findTradeByOutTradeNo(provider: SandboxProvider, merchantKey: string, outTradeNo: string): Promise<SandboxTrade | null>;
  findTradeByProviderTradeNo(provider: SandboxProvider, merchantKey: string, providerTradeNo: string): Promise<SandboxTrade | null>;
  /** The WeChat trade a prepay_id belongs to (the JSAPI confirmation page starts from one). */
  findTradeByPrepayId(prepayId: string): Promise<SandboxTrade | null>;
  /**
   * Compare-and-set: applies `patch` only while the trade is in one of `fromStatuses`
   * (`UPDATE … WHERE id = ? AND status IN (…)`). Returns the updated trade, or null if it had moved on.
   */
  updateTrade(id: string, fromStatuses: readonly SandboxTradeStatus[], patch: TradePatch): Promise<SandboxTrade | null>;
  /** Unpaid trades whose time_expire is at or before `now` (for the expiry sweep). */
  listExpiredOpenTrades(now: Date, limit: number): Promise<SandboxTrade[]>;

  /**
   * Adds `deltaFen` to the trade's refunded total by compare-and-set: only while the result stays
   * within 0..amountFen. Returns the updated trade, or null when it would over-refund.
   */
  addTradeRefunded(tradeId: string, deltaFen: number): Promise<SandboxTrade | null>;
  /** Inserts unless (provider, merchantKey, outRefundNo) exists; then returns that one, unchanged. */
  insertRefund(refund: SandboxRefund): Promise<{ created: boolean; refund: SandboxRefund }>;
  getRefund(id: string): Promise<SandboxRefund | null>;
  findRefund(provider: SandboxProvider, merchantKey: string, outRefundNo: string): Promise<SandboxRefund | null>;
  listTradeRefunds(tradeId: string): Promise<SandboxRefund[]>;
  /** Compare-and-set on the refund's status, like updateTrade. */
  updateRefund(id: string, fromStatuses: readonly SandboxRefundStatus[], patch: Partial<Pick<SandboxRefund, "status" | "successAt">>): Promise<SandboxRefund | null>;
}

/** The trade key that must be unique: WeChat trades are per mchid, Alipay trades per app. */
export function tradeMerchantKey(trade: Pick<SandboxTrade, "provider" | "appId" | "mchid">): string {
  return trade.provider === "wechatpay" ? (trade.mchid ?? "") : trade.appId;
}

export const UNPAID_STATUSES: readonly SandboxTradeStatus[] = ["WAIT_BUYER_PAY", "NOTPAY", "PAYERROR"];

/** structuredClone keeps Dates and makes sure callers never share objects with the store. */
const copy = <T>(value: T): T => structuredClone(value);

export function createMemorySandboxStore(): SandboxStore {
  let identity: SandboxIdentity | null = null;
  const alipayApps = new Map<string, SandboxAlipayApp>();
  const wechatMerchants = new Map<string, SandboxWechatMerchant>();
  const trades = new Map<string, SandboxTrade>();
  const refunds = new Map<string, SandboxRefund>();

  const findBy = (pred: (t: SandboxTrade) => boolean): SandboxTrade | null => {
    for (const t of trades.values()) if (pred(t)) return copy(t);
    return null;
  };

  return {
    async getIdentity() {
      return identity ? copy(identity) : null;
    },
    async saveIdentityIfAbsent(candidate) {
      identity ??= copy(candidate);
      return copy(identity);
    },
    async getAlipayApp(appId) {
      const app = alipayApps.get(appId);
      return app ? copy(app) : null;
    },
    async saveAlipayApp(app) {
      alipayApps.set(app.appId, copy(app));
    },
    async getWechatMerchant(mchid) {
      const m = wechatMerchants.get(mchid);
      return m ? copy(m) : null;
    },
    async saveWechatMerchant(merchant) {
      wechatMerchants.set(merchant.mchid, copy(merchant));
    },
    async insertTrade(trade) {
      const key = tradeMerchantKey(trade);
      const existing = findBy((t) => t.provider === trade.provider && tradeMerchantKey(t) === key && t.outTradeNo === trade.outTradeNo);
      if (existing) return { created: false, trade: existing };
      trades.set(trade.id, copy(trade));
      return { created: true, trade: copy(trade) };
    },
    async getTrade(id) {
      const t = trades.get(id);
      return t ? copy(t) : null;
    },
    async findTradeByOutTradeNo(provider, merchantKey, outTradeNo) {
      return findBy((t) => t.provider === provider && tradeMerchantKey(t) === merchantKey && t.outTradeNo === outTradeNo);
    },
    async findTradeByProviderTradeNo(provider, merchantKey, providerTradeNo) {
      return findBy((t) => t.provider === provider && tradeMerchantKey(t) === merchantKey && t.providerTradeNo === providerTradeNo);
    },
    async findTradeByPrepayId(prepayId) {
      return findBy((t) => t.prepayId === prepayId);
    },
    async updateTrade(id, fromStatuses, patch) {
      const t = trades.get(id);
      if (!t || !fromStatuses.includes(t.status)) return null;
      const next = { ...t, ...copy(patch) };
      trades.set(id, next);
      return copy(next);
    },
    async listExpiredOpenTrades(now, limit) {
      return [...trades.values()]
        .filter((t) => UNPAID_STATUSES.includes(t.status) && t.timeExpire.getTime() <= now.getTime())
        .slice(0, limit)
        .map(copy);
    },
    async addTradeRefunded(tradeId, deltaFen) {
      const t = trades.get(tradeId);
      const next = (t?.refundedFen ?? 0) + deltaFen;
      if (!t || next < 0 || next > t.amountFen) return null;
      t.refundedFen = next;
      return copy(t);
    },
    async insertRefund(refund) {
      for (const r of refunds.values()) {
        if (r.provider === refund.provider && r.merchantKey === refund.merchantKey && r.outRefundNo === refund.outRefundNo) return { created: false, refund: copy(r) };
      }
      refunds.set(refund.id, copy(refund));
      return { created: true, refund: copy(refund) };
    },
    async getRefund(id) {
      const r = refunds.get(id);
      return r ? copy(r) : null;
    },
    async findRefund(provider, merchantKey, outRefundNo) {
      for (const r of refunds.values()) if (r.provider === provider && r.merchantKey === merchantKey && r.outRefundNo === outRefundNo) return copy(r);
      return null;
    },
    async listTradeRefunds(tradeId) {
      return [...refunds.values()].filter((r) => r.tradeId === tradeId).map(copy);
    },
    async updateRefund(id, fromStatuses, patch) {
      const r = refunds.get(id);
      if (!r || !fromStatuses.includes(r.status)) return null;
      const next = { ...r, ...copy(patch) };
      refunds.set(id, next);
      return copy(next);
    },
  };
}
