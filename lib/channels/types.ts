/**
 * The provider-agnostic face of payments. Adapters know their provider's protocol and nothing
 * about our database: they are built from a channel account's credentials and answer in integer
 * fen, Dates and the normalised shapes below.
 *
 * Two halves (hyperswitch's connector traits, medusa's payment provider):
 * - per provider (alipay, wechatpay): reading and verifying a notification, and the exact answer
 *   the provider expects to it. One callback URL per channel account serves every channel of it.
 * - per channel (alipay_h5, wechat_h5, wechat_jsapi): create, query and close a payment, the
 *   channel's limits, and what the buyer's page does with the pay parameters (`nextAction`).
 * Adding a channel = one file with its `ChannelDefinition` + one line in registry.ts.
 */
import type { ChannelId } from "./registry";

export type { ChannelId };
export type Provider = "alipay" | "wechatpay";

export interface AlipayCredentials {
  provider: "alipay";
  appId: string;
  /** The app private key, PKCS#8 (PKCS#1 is accepted and converted). */
  privateKey: string;
  /** Alipay's public key (支付宝公钥), SPKI PEM: verifies responses and notifications. */
  alipayPublicKey: string;
  /** Server-to-server URL of gateway.do (query, close). */
  gateway: string;
  /** Gateway URL put into the payUrl the buyer's browser opens; defaults to `gateway`. */
  browserGateway?: string;
}

export interface WechatpayCredentials {
  provider: "wechatpay";
  appId: string;
  mchId: string;
  /** Serial of the merchant API certificate (apiclient_cert.pem), hex. */
  serialNo: string;
  /** Merchant API private key, PKCS#8 (PKCS#1 is accepted). */
  privateKey: string;
  /** The 32-character APIv3 key. */
  apiV3Key: string;
  /** The key that verifies WeChat's responses and notifications, SPKI PEM (a certificate PEM works too). */
  platformPublicKey: string;
  /** What WeChat puts in Wechatpay-Serial for that key: a platform certificate serial or a `PUB_KEY_ID_…`. */
  platformPublicKeyId: string;
  /**
   * More keys WeChat may sign with while it rotates its own (a platform certificate beside the
   * `PUB_KEY_ID_…` key that replaces it, or an old and a new certificate). Wechatpay-Serial picks
   * the key; a serial none of them has is refused.
   */
  additionalPlatformKeys?: { publicKey: string; id: string }[];
  /** e.g. https://api.mch.weixin.qq.com or http://127.0.0.1:3000/sandbox/wechatpay */
  apiBase: string;
}

export type ChannelCredentials = AlipayCredentials | WechatpayCredentials;
export type CredentialsOf<P extends Provider> = Extract<ChannelCredentials, { provider: P }>;

export interface ChannelOptions {
  /** Timeout of every outbound call, connect to last byte. Default 10 s. */
  timeoutMs?: number;
  /** The clock used for timestamps and the signature freshness window (tests move it). */
  now?: () => Date;
}

// ---------------------------------------------------------------------------------------------
// Per channel

export interface CreatePaymentInput {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  notifyUrl: string;
  /** Where the channel page sends the buyer afterwards. */
  returnUrl?: string;
  /** Required where the channel's limits say `needsClientIp`. */
  clientIp?: string;
  /** Required where the channel's limits say `needsOpenId`. */
  openId?: string;
  /** The channel refuses payment after this instant. */
  expiresAt: Date;
}

export interface CreatePaymentResult {
  /** What the merchant's front end receives as the order's `payParams` (docs/api.md); the shape is the channel's. */
  payParams: Record<string, string>;
  channelTradeNo?: string;
}

/**
 * What a buyer's page does next with an order's pay parameters, so that no caller reads a
 * channel's payParams keys: open a URL, hand an object to WeixinJSBridge, or show a QR code.
 */
export type NextAction =
  | { type: "redirect"; url: string }
  | { type: "jsapi"; params: Record<string, string> }
  | { type: "qr"; content: string };

/** What a channel accepts, checked before an order is created (a refusal then costs no channel call). */
export interface ChannelLimits {
  /** The most one payment may be, in fen. */
  maxAmountFen: number;
  /** The longest subject (what the buyer sees), in characters. */
  maxSubjectLength: number;
  /** The buyer's IP address must be sent (WeChat H5's risk control). */
  needsClientIp: boolean;
  /** The payer's openid for the merchant's appid must be sent (JSAPI). */
  needsOpenId: boolean;
  /** The longest returnUrl the channel carries, in characters (none given: the API's own 2048). */
  maxReturnUrlLength?: number;
}

export type ChannelTradeStatus = "pending" | "paid" | "closed" | "not_found";

export interface QueryPaymentResult {
  status: ChannelTradeStatus;
  channelTradeNo?: string;
  amountFen?: number;
  paidAt?: Date;
  /**
   * Who paid, as the provider names them, once paid: Alipay's buyer id (2088…, buyer_user_id) or the
   * payer's WeChat openid for the merchant's app. Becomes the buyerId of an order made by a payment link.
   */
  payerId?: string;
  /** The provider's verified answer, for the record. */
  raw: unknown;
}

export interface ClosePaymentResult {
  result: "closed" | "already_paid" | "not_found";
}

export interface RefundInput {
  outTradeNo: string;
  /** Our refund id: Alipay out_request_no / WeChat out_refund_no. One per refund, so a retry never refunds twice. */
  outRefundNo: string;
  refundFen: number;
  /** The payment's total in fen (WeChat checks it). */
  totalFen: number;
  reason?: string;
  /** Where the provider sends refund notifications (WeChat); Alipay uses the payment's notify_url. */
  notifyUrl: string;
}

/**
 * What the channel says about one refund. "not_found": the channel has no such refund (never
 * received, or for Alipay also "not successful"): sending the same request again is the safe next step.
 */
export type ChannelRefundStatus = "pending" | "succeeded" | "failed" | "not_found";

export interface RefundResult {
  status: ChannelRefundStatus;
  channelRefundNo?: string;
  /** This refund's amount, where the provider reports it. */
  amountFen?: number;
  succeededAt?: Date;
  /** The provider's reason, for a failed refund. */
  failure?: { code: string; message: string };
  raw: unknown;
}

/** One channel's calls, built from one account's credentials. */
export interface PaymentChannel {
  /** The registry key it was built under (a ChannelId). */
  readonly id: string;
  createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult>;
  queryPayment(outTradeNo: string): Promise<QueryPaymentResult>;
  closePayment(outTradeNo: string): Promise<ClosePaymentResult>;
  /**
   * Asks for a refund. A refusal (not paid, over-refund, balance) is `{ status: "failed" }`; an
   * answer we cannot read or no answer throws a ChannelError (the refund may exist: query it).
   */
  refund(input: RefundInput): Promise<RefundResult>;
  queryRefund(input: { outTradeNo: string; outRefundNo: string }): Promise<RefundResult>;
}

/** A registry entry: what is known about a channel without credentials, and how to build it. */
export interface ChannelDefinition<P extends Provider = Provider> {
  /** Whose credentials (channel account) the channel is built from. */
  readonly provider: P;
  readonly limits: ChannelLimits;
  /**
   * Creating a payment contacts nobody (it signs a URL the buyer's browser opens): the pay
   * parameters can be made before the order is written, and written with it in one statement.
   */
  readonly createsLocally?: boolean;
  /**
   * Whether closing a payment the buyer has not opened yet stops it. false where creating the
   * payment contacts nobody (a signed URL the buyer's browser takes to the provider): the provider
   * learns of the trade only when the URL is opened, so a close before that answers "not found"
   * and the URL stays payable until its own deadline. Callers that must stop an old payment give
   * such a channel a short deadline instead (lib/checkout/start-payment.ts).
   */
  readonly closableUnopened: boolean;
  /** Where the buyer goes with the payParams this channel returned; null when they are not its shape. */
  nextAction(payParams: Record<string, string>): NextAction | null;
  create(credentials: CredentialsOf<P>, options?: ChannelOptions): PaymentChannel;
}

// ---------------------------------------------------------------------------------------------
// Per provider

export interface NotificationRequest {
  headers: Headers;
  /** The body exactly as received: signatures cover these bytes. */
  rawBody: string;
}

/** A payment changed state at the provider (paid, closed, or still pending). */
export interface PaymentNotification {
  kind: "payment";
  outTradeNo: string;
  status: "paid" | "closed" | "pending";
  amountFen: number;
  currency: "CNY";
  channelTradeNo: string;
  paidAt?: Date;
  /** Who paid (Alipay buyer_id, WeChat payer.openid), where the notification says: see QueryPaymentResult. */
  payerId?: string;
  /** The app the notification is for; must be the account's. */
  appId: string;
  /** The merchant number it is for, where the provider has one; must be the account's. */
  mchId?: string;
  /** Alipay notify_id / WeChat event id; stays the same across the provider's retries. */
  notificationId?: string;
  raw: unknown;
}

/**
 * A refund changed state at the provider. Alipay (wap pay) announces a refund on the payment's
 * notify_url with the trade's fields; WeChat sends REFUND.* events. Never an unpaid close.
 */
export interface RefundNotification {
  kind: "refund";
  outTradeNo: string;
  /** Our refund id (Alipay out_biz_no, WeChat out_refund_no). */
  outRefundNo: string;
  status: "succeeded" | "failed" | "pending";
  /** This refund's amount, where the provider reports it (WeChat). */
  refundFen?: number;
  /** The payment's total, where reported; must be the order's. */
  totalFen?: number;
  channelRefundNo?: string;
  succeededAt?: Date;
  /** The provider's reason, for a failed refund. */
  failure?: { code: string; message: string };
  /** The app it is for, where the provider names it (Alipay); must be the account's. */
  appId?: string;
  mchId?: string;
  notificationId?: string;
  raw: unknown;
}

/** A notification whose signature (and, for WeChat, encryption) checked out. */
export type VerifiedNotification = { verified: true } & (PaymentNotification | RefundNotification);

export interface UnverifiedNotification {
  verified: false;
  reason: string;
  /**
   * The out_trade_no the body claims, where the provider lets us read it without keys (Alipay's
   * form; WeChat's resource is encrypted). Never trusted: only a hint of which order to ask about.
   */
  claimedOutTradeNo?: string;
}

export type NormalisedNotification = VerifiedNotification | UnverifiedNotification;

export interface Acknowledgement {
  status: number;
  body: string;
  contentType: string;
}

/** Reads one provider's notifications with one account's keys. */
export interface NotificationVerifier {
  readonly provider: Provider;
  /** Never throws for a bad or forged notification: that is `{ verified: false }`. */
  parseNotification(req: NotificationRequest): Promise<NormalisedNotification>;
}

/** A registry entry for a provider: its answers (no credentials needed) and how to build its verifier. */
export interface ProviderDefinition<P extends Provider = Provider> {
  /** Request headers worth keeping with a notification's record (its signature headers). */
  readonly notificationHeaders: readonly string[];
  /** The exact answer that makes the provider stop sending a notification. */
  acknowledgeSuccess(): Acknowledgement;
  /**
   * The answer that makes it send the notification again. Needs no account, so an unknown one gets it
   * too. `cause` says whose fault it was: "rejected" (unverifiable, unknown, mismatched: the sender's)
   * or "internal" (ours), for providers whose answer is an HTTP status.
   */
  acknowledgeFailure(message?: string, cause?: "rejected" | "internal"): Acknowledgement;
  verifier(credentials: CredentialsOf<P>, options?: ChannelOptions): NotificationVerifier;
}
