import { z } from "zod";
import { parseRfc3339 } from "../beijing-time";
import type { Acknowledgement, ChannelOptions, NormalisedNotification, NotificationRequest, NotificationVerifier, ProviderDefinition, WechatpayCredentials } from "../types";
import { decryptResource } from "./aead";
import { parseJson } from "../json";
import { wechatContext, type WechatContext } from "./client";
import { verifyWechatSignature, type PlatformKey } from "./signature";
import { wechatTradeStatus, wechatTransactionSchema } from "./transaction";
import { wechatRefundStatus } from "./refund";

/** The decrypted resource of a REFUND.* notification (the fields we read). */
const refundResourceSchema = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: z.string(),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int().nonnegative(), refund: z.number().int().nonnegative() }),
});

const envelopeSchema = z.object({
  id: z.string(),
  event_type: z.string(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    nonce: z.string(),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

/**
 * A WeChat Pay v3 notification: the signature is checked on the raw body (re-serialising parsed
 * JSON would change the bytes), then the resource is decrypted with the APIv3 key, tag checked.
 * Payment (TRANSACTION.*) and refund (REFUND.*) events are understood; others are not ours.
 */
export function parseWechatNotification(req: NotificationRequest, platform: PlatformKey | readonly PlatformKey[], apiV3Key: string, now: Date): NormalisedNotification {
  const check = verifyWechatSignature(req.headers, req.rawBody, platform, now);
  if (!check.ok) return { verified: false, reason: check.reason };

  const envelope = envelopeSchema.safeParse(parseJson(req.rawBody));
  if (!envelope.success) return { verified: false, reason: "signed, but not a notification envelope" };
  const { id, event_type: eventType, resource } = envelope.data;
  const refund = eventType.startsWith("REFUND.");
  if (!eventType.startsWith("TRANSACTION.") && !refund) return { verified: false, reason: `signed, but event ${eventType} is not a payment or refund event` };
  if (resource.algorithm !== "AEAD_AES_256_GCM") return { verified: false, reason: `unsupported resource algorithm ${resource.algorithm}` };

  let plaintext: string;
  try {
    plaintext = decryptResource(resource, apiV3Key);
  } catch {
    return { verified: false, reason: "resource does not decrypt with the APIv3 key (tag mismatch)" };
  }
  if (refund) return refundNotification(id, req.rawBody, plaintext);
  const tx = wechatTransactionSchema.safeParse(parseJson(plaintext));
  if (!tx.success) return { verified: false, reason: "decrypted resource is not a transaction" };
  const { out_trade_no: outTradeNo, transaction_id: channelTradeNo, amount } = tx.data;
  const status = wechatTradeStatus(tx.data.trade_state);
  if (!status) return { verified: false, reason: `unknown trade_state ${tx.data.trade_state}` };
  if (!channelTradeNo) return { verified: false, reason: "transaction without transaction_id" };
  if (amount.currency !== "CNY") return { verified: false, reason: `currency ${amount.currency ?? "(none)"} is not CNY` };
  return {
    verified: true,
    kind: "payment",
    outTradeNo,
    status,
    amountFen: amount.total,
    currency: "CNY",
    channelTradeNo,
    paidAt: status === "paid" ? parseRfc3339(tx.data.success_time) : undefined,
    payerId: status === "paid" && tx.data.payer?.openid ? tx.data.payer.openid : undefined,
    appId: tx.data.appid,
    mchId: tx.data.mchid,
    notificationId: id,
    raw: { event: parseJson(req.rawBody), transaction: parseJson(plaintext) },
  };
}

/** REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED: the same envelope, a refund inside. */
function refundNotification(id: string, rawBody: string, plaintext: string): NormalisedNotification {
  const r = refundResourceSchema.safeParse(parseJson(plaintext));
  if (!r.success) return { verified: false, reason: "decrypted resource is not a refund" };
  const status = wechatRefundStatus(r.data.refund_status);
  if (!status) return { verified: false, reason: `unknown refund_status ${r.data.refund_status}` };
  return {
    verified: true,
    kind: "refund",
    outTradeNo: r.data.out_trade_no,
    outRefundNo: r.data.out_refund_no,
    status,
    refundFen: r.data.amount.refund,
    totalFen: r.data.amount.total,
    channelRefundNo: r.data.refund_id,
    succeededAt: status === "succeeded" ? parseRfc3339(r.data.success_time) : undefined,
    ...(status === "failed" ? { failure: { code: r.data.refund_status, message: `WeChat Pay reports the refund ${r.data.refund_status}` } } : {}),
    mchId: r.data.mchid,
    notificationId: id,
    raw: { event: parseJson(rawBody), refund: parseJson(plaintext) },
  };
}

class WechatNotifications implements NotificationVerifier {
  readonly provider = "wechatpay" as const;
  private readonly ctx: WechatContext;

  constructor(creds: WechatpayCredentials, options: ChannelOptions = {}) {
    this.ctx = wechatContext(creds, options);
  }

  async parseNotification(req: NotificationRequest): Promise<NormalisedNotification> {
    // Nothing is claimed for an unverified one: the order number is inside the encrypted resource.
    return parseWechatNotification(req, this.ctx.platformKeys, this.ctx.creds.apiV3Key, this.ctx.now());
  }
}

const JSON_TYPE = "application/json; charset=utf-8";

/** WeChat Pay as a provider: its notifications and the answers it expects. */
export const wechatpay = {
  notificationHeaders: ["wechatpay-serial", "wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-signature-type"],
  // WeChat looks only at the status: 2xx = received, 4xx/5xx = send again (the body shows in its console).
  acknowledgeSuccess: (): Acknowledgement => ({ status: 204, body: "", contentType: JSON_TYPE }),
  // WeChat Pay retries on any 4xx or 5xx; a 5xx is kept for our own failures, so a forged or
  // garbled notification never reads as an outage.
  acknowledgeFailure: (message = "处理失败，请稍后重试", cause: "rejected" | "internal" = "internal"): Acknowledgement => ({
    status: cause === "rejected" ? 400 : 500,
    body: JSON.stringify({ code: "FAIL", message }),
    contentType: JSON_TYPE,
  }),
  verifier: (creds, options) => new WechatNotifications(creds, options),
} satisfies ProviderDefinition<"wechatpay">;
