import { z } from "zod";
import { parseRfc3339 } from "../beijing-time";
import type { NormalisedNotification, NotificationRequest } from "../types";
import { decryptResource } from "./aead";
import { parseJson } from "../json";
import { verifyWechatSignature, type PlatformKey } from "./signature";
import { wechatTradeStatus, wechatTransactionSchema } from "./transaction";

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
 * Only payment (transaction) events are understood; refund and other events are not ours.
 */
export function parseWechatNotification(req: NotificationRequest, platform: PlatformKey, apiV3Key: string, now: Date): NormalisedNotification {
  const check = verifyWechatSignature(req.headers, req.rawBody, platform, now);
  if (!check.ok) return { verified: false, reason: check.reason };

  const envelope = envelopeSchema.safeParse(parseJson(req.rawBody));
  if (!envelope.success) return { verified: false, reason: "signed, but not a notification envelope" };
  const { id, event_type: eventType, resource } = envelope.data;
  if (!eventType.startsWith("TRANSACTION.")) return { verified: false, reason: `signed, but event ${eventType} is not a payment event` };
  if (resource.algorithm !== "AEAD_AES_256_GCM") return { verified: false, reason: `unsupported resource algorithm ${resource.algorithm}` };

  let plaintext: string;
  try {
    plaintext = decryptResource(resource, apiV3Key);
  } catch {
    return { verified: false, reason: "resource does not decrypt with the APIv3 key (tag mismatch)" };
  }
  const tx = wechatTransactionSchema.safeParse(parseJson(plaintext));
  if (!tx.success) return { verified: false, reason: "decrypted resource is not a transaction" };
  const { out_trade_no: outTradeNo, transaction_id: channelTradeNo, amount } = tx.data;
  const status = wechatTradeStatus(tx.data.trade_state);
  if (!status) return { verified: false, reason: `unknown trade_state ${tx.data.trade_state}` };
  if (!channelTradeNo) return { verified: false, reason: "transaction without transaction_id" };
  if (amount.currency !== "CNY") return { verified: false, reason: `currency ${amount.currency ?? "(none)"} is not CNY` };
  return {
    verified: true,
    outTradeNo,
    status,
    amountFen: amount.total,
    currency: "CNY",
    channelTradeNo,
    paidAt: status === "paid" ? parseRfc3339(tx.data.success_time) : undefined,
    appId: tx.data.appid,
    mchId: tx.data.mchid,
    notificationId: id,
    raw: { event: parseJson(req.rawBody), transaction: parseJson(plaintext) },
  };
}
