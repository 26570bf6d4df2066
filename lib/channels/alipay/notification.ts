import type { AlipaySdk } from "alipay-sdk";
import { parseBeijingTime } from "../beijing-time";
import type { Acknowledgement, AlipayCredentials, ChannelOptions, NormalisedNotification, NotificationRequest, NotificationVerifier, ProviderDefinition } from "../types";
import { yuanToFen } from "./amount";
import { alipayClients, DEFAULT_TIMEOUT_MS } from "./client";
import { alipayTradeStatus } from "./status";

/**
 * Alipay's asynchronous notification (trade_status_sync): a form-encoded POST signed over every
 * field but sign and sign_type. Checked with checkNotifySignV2, which verifies the raw decoded
 * values; V1 URL-decodes them a second time and throws on a literal "%". Only RSA2 (SHA256withRSA)
 * is accepted, whatever `sign_type` the form names.
 */
export function parseAlipayNotification(sdk: AlipaySdk, rawBody: string): NormalisedNotification {
  // The form is readable without keys: the out_trade_no it names is a claim worth asking the channel about.
  const claimed = new URLSearchParams(rawBody).get("out_trade_no");
  const unverified = (reason: string): NormalisedNotification => ({ verified: false, reason, ...(claimed ? { claimedOutTradeNo: claimed } : {}) });
  const form = readForm(rawBody);
  if (!form) return unverified("body is not a form with unique fields");
  if (!form.sign) return unverified("notification is not signed");
  // sign_type is not covered by the signature, so it is the sender's word: the SDK would switch to
  // RSA-SHA1 on "RSA". Alipay signs notifications of an RSA2 app with RSA2 only.
  if (form.sign_type !== undefined && form.sign_type !== "RSA2") return unverified(`sign_type ${form.sign_type.slice(0, 16)} is not RSA2`);
  if (!safeCheck(sdk, { ...form, sign_type: "RSA2" })) return unverified("signature does not verify with the Alipay public key");

  const status = alipayTradeStatus(form.trade_status);
  const amountFen = yuanToFen(form.total_amount);
  const { out_trade_no: outTradeNo, trade_no: channelTradeNo, app_id: appId } = form;
  if (!outTradeNo || !channelTradeNo || !appId) return unverified("signed, but out_trade_no, trade_no or app_id is missing");
  // A refund of a wap payment is announced on the payment's notify_url: TRADE_SUCCESS (partial) or
  // TRADE_CLOSED (full), with refund_fee / gmt_refund / out_biz_no. It is never an unpaid close.
  if (form.refund_fee !== undefined || form.gmt_refund !== undefined) {
    return {
      verified: true,
      kind: "refund",
      outTradeNo,
      outRefundNo: form.out_biz_no ?? "",
      status: "succeeded",
      totalFen: amountFen,
      channelRefundNo: channelTradeNo,
      succeededAt: parseBeijingTime(form.gmt_refund?.replace(/\.\d+$/, "")),
      appId,
      notificationId: form.notify_id,
      raw: form,
    };
  }
  if (!status) return unverified(`signed, but trade_status ${form.trade_status ?? "(none)"} is not one we understand`);
  if (amountFen === undefined) return unverified("signed, but total_amount is not a yuan amount");
  return {
    verified: true,
    kind: "payment",
    outTradeNo,
    status,
    amountFen,
    currency: "CNY",
    channelTradeNo,
    paidAt: status === "paid" ? parseBeijingTime(form.gmt_payment) : undefined,
    // Notifications call it buyer_id (queries: buyer_user_id).
    payerId: status === "paid" && form.buyer_id ? form.buyer_id : undefined,
    appId,
    notificationId: form.notify_id,
    raw: form,
  };
}

/** A repeated field would make "which value was signed" ambiguous, so it is refused outright. */
function readForm(rawBody: string): Record<string, string> | null {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    if (Object.hasOwn(form, key)) return null;
    form[key] = value;
  }
  return Object.keys(form).length > 0 ? form : null;
}

function safeCheck(sdk: AlipaySdk, form: Record<string, string>): boolean {
  try {
    return sdk.checkNotifySignV2(form);
  } catch {
    // A malformed signature can make node:crypto throw instead of answering false.
    return false;
  }
}

class AlipayNotifications implements NotificationVerifier {
  readonly provider = "alipay" as const;
  private readonly sdk: AlipaySdk;

  constructor(creds: AlipayCredentials, options: ChannelOptions = {}) {
    this.sdk = alipayClients(creds, options.timeoutMs ?? DEFAULT_TIMEOUT_MS).api;
  }

  async parseNotification(req: NotificationRequest): Promise<NormalisedNotification> {
    return parseAlipayNotification(this.sdk, req.rawBody);
  }
}

const TEXT = "text/plain; charset=utf-8";
const answer = (body: string): Acknowledgement => ({ status: 200, body, contentType: TEXT });

/** Alipay as a provider: its notifications and the answers it expects. */
export const alipay = {
  // The form carries its own signature; no header is part of it.
  notificationHeaders: [],
  // Alipay retries until it reads exactly "success"; anything else means "send again".
  acknowledgeSuccess: () => answer("success"),
  acknowledgeFailure: () => answer("fail"),
  verifier: (creds, options) => new AlipayNotifications(creds, options),
} satisfies ProviderDefinition<"alipay">;
