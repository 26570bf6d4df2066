/**
 * The provider-agnostic face of a payment channel. Adapters know their provider's protocol and
 * nothing about our database: they are built from a channel account's credentials and answer in
 * integer fen, Dates and the normalised shapes below.
 */

export type ChannelId = "alipay_h5" | "wechat_h5" | "wechat_jsapi";
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
  /** e.g. https://api.mch.weixin.qq.com or http://127.0.0.1:3000/sandbox/wechatpay */
  apiBase: string;
}

export type ChannelCredentials = AlipayCredentials | WechatpayCredentials;

export interface ChannelOptions {
  /** Timeout of every outbound call, connect to last byte. Default 10 s. */
  timeoutMs?: number;
  /** The clock used for timestamps and the signature freshness window (tests move it). */
  now?: () => Date;
}

export interface CreatePaymentInput {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  notifyUrl: string;
  /** Where the channel page sends the buyer afterwards. */
  returnUrl?: string;
  /** Required by wechat_h5. */
  clientIp?: string;
  /** Required by wechat_jsapi. */
  openId?: string;
  /** The channel refuses payment after this instant. */
  expiresAt: Date;
}

export interface CreatePaymentResult {
  /** alipay_h5: { payUrl }; wechat_h5: { h5Url }; wechat_jsapi: the getBrandWCPayRequest object. */
  payParams: Record<string, string>;
  channelTradeNo?: string;
}

export type ChannelTradeStatus = "pending" | "paid" | "closed" | "not_found";

export interface QueryPaymentResult {
  status: ChannelTradeStatus;
  channelTradeNo?: string;
  amountFen?: number;
  paidAt?: Date;
  /** The provider's verified answer, for the record. */
  raw: unknown;
}

export interface ClosePaymentResult {
  result: "closed" | "already_paid" | "not_found";
}

export interface NotificationRequest {
  headers: Headers;
  /** The body exactly as received: signatures cover these bytes. */
  rawBody: string;
}

export interface VerifiedNotification {
  verified: true;
  outTradeNo: string;
  status: "paid" | "closed" | "pending";
  amountFen: number;
  currency: "CNY";
  channelTradeNo: string;
  paidAt?: Date;
  appId: string;
  mchId?: string;
  /** Alipay notify_id / WeChat event id; stays the same across the provider's retries. */
  notificationId?: string;
  raw: unknown;
}

export type NormalisedNotification = VerifiedNotification | { verified: false; reason: string };

export interface Acknowledgement {
  status: number;
  body: string;
  contentType: string;
}

export interface PaymentChannel {
  readonly id: ChannelId;
  createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult>;
  queryPayment(outTradeNo: string): Promise<QueryPaymentResult>;
  closePayment(outTradeNo: string): Promise<ClosePaymentResult>;
  /** Never throws for a bad or forged notification: that is `{ verified: false }`. */
  parseNotification(req: NotificationRequest): Promise<NormalisedNotification>;
  /** The exact answer the provider expects; `ok: false` makes it send the notification again. */
  acknowledge(ok: boolean, message?: string): Acknowledgement;
}
