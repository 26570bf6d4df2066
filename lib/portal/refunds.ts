import { ApiError } from "../api/errors";
import { msg, type Message } from "../i18n/message";
import type { Owner } from "../owner";
import { createRefund } from "../refunds/create-refund";
import { MAX_REASON_LENGTH } from "../refunds/schemas";
import { yuanToFen } from "./money";

export type PortalRefundResult = { ok: true; message: Message; refundId: string } | { ok: false; field: "amount" | "reason" | null; message: Message };

/**
 * The order page's Refund form: the amount the merchant typed in yuan (prefilled with what is still
 * refundable) and a reason, through the same createRefund the API uses, so the portal can never
 * refund more than the API would.
 */
export async function refundFromPortal(owner: Owner, input: { orderId: string; amountYuan: string; reason: string }): Promise<PortalRefundResult> {
  const amount = yuanToFen(input.amountYuan.trim());
  if (amount === null || amount < 1) return { ok: false, field: "amount", message: msg("order.refund.errors.amount") };
  const reason = input.reason.trim();
  if (reason.length > MAX_REASON_LENGTH) return { ok: false, field: "reason", message: msg("order.refund.errors.reason", { max: MAX_REASON_LENGTH }) };
  try {
    const refund = await createRefund(owner, { orderId: input.orderId, amount, ...(reason ? { reason } : {}) });
    return { ok: true, refundId: refund.id, message: msg("order.refund.done", { status: refund.status }) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === "refund_exceeds_amount") return { ok: false, field: "amount", message: msg("order.refund.errors.exceeds") };
    if (error.code === "order_not_paid") return { ok: false, field: null, message: msg("order.refund.errors.notPaid") };
    return { ok: false, field: null, message: msg("order.refund.errors.failed", { code: error.code }) };
  }
}
