import type { AlipaySdk } from "alipay-sdk";
import { parseBeijingTime } from "../beijing-time";
import type { NormalisedNotification } from "../types";
import { yuanToFen } from "./amount";
import { alipayTradeStatus } from "./status";

/**
 * Alipay's asynchronous notification (trade_status_sync): a form-encoded POST signed over every
 * field but sign and sign_type. Checked with checkNotifySignV2, which verifies the raw decoded
 * values; V1 URL-decodes them a second time and throws on a literal "%".
 */
export function parseAlipayNotification(sdk: AlipaySdk, rawBody: string): NormalisedNotification {
  const form = readForm(rawBody);
  if (!form) return { verified: false, reason: "body is not a form with unique fields" };
  if (!form.sign) return { verified: false, reason: "notification is not signed" };
  if (!safeCheck(sdk, form)) return { verified: false, reason: "signature does not verify with the Alipay public key" };

  const status = alipayTradeStatus(form.trade_status);
  const amountFen = yuanToFen(form.total_amount);
  const { out_trade_no: outTradeNo, trade_no: channelTradeNo, app_id: appId } = form;
  if (!outTradeNo || !channelTradeNo || !appId) return { verified: false, reason: "signed, but out_trade_no, trade_no or app_id is missing" };
  if (!status) return { verified: false, reason: `signed, but trade_status ${form.trade_status ?? "(none)"} is not one we understand` };
  if (amountFen === undefined) return { verified: false, reason: "signed, but total_amount is not a yuan amount" };
  return {
    verified: true,
    outTradeNo,
    status,
    amountFen,
    currency: "CNY",
    channelTradeNo,
    paidAt: status === "paid" ? parseBeijingTime(form.gmt_payment) : undefined,
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
