import type { Irefunds2 } from "wechatpay-node-v3/dist/lib/interface";
import { z } from "zod";
import { parseRfc3339 } from "../beijing-time";
import { ChannelError, invalidInput } from "../errors";
import type { RefundInput, RefundResult } from "../types";
import { callWechat, signedErrorCode, wechatError, wechatErrorCode, type WechatAnswer, type WechatContext } from "./client";

/**
 * WeChat Pay v3 refunds (docs/payment-protocols.md E.3), shared by every WeChat channel:
 * POST /v3/refund/domestic/refunds and GET …/refunds/{out_refund_no}.
 */

/**
 * out_refund_no: 1-64 of digits, letters and _-|*@. Checked before every call because
 * wechatpay-node-v3 pastes it into the query URL unencoded.
 */
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

/** The refund object of the create and query answers (the fields we read). */
export const wechatRefundSchema = z.object({
  refund_id: z.string().min(1),
  out_refund_no: z.string(),
  out_trade_no: z.string().optional(),
  status: z.string(),
  success_time: z.string().optional(),
  amount: z.object({ refund: z.number().int().nonnegative(), total: z.number().int().nonnegative(), currency: z.string().optional() }),
});

/** WeChat's refund states → ours. ABNORMAL (the buyer's account can no longer take the money) and CLOSED end a refund without money moved. */
const STATUS: Record<string, Exclude<RefundResult["status"], "not_found">> = {
  SUCCESS: "succeeded",
  PROCESSING: "pending",
  ABNORMAL: "failed",
  CLOSED: "failed",
};

export function wechatRefundStatus(status: string): Exclude<RefundResult["status"], "not_found"> | undefined {
  return STATUS[status];
}

/** Error codes after which the same out_refund_no must simply be sent again. */
const RETRY_CODES = new Set(["SYSTEM_ERROR", "NOT_ENOUGH", "FREQUENCY_LIMITED"]);

function checkOutRefundNo(outRefundNo: string): void {
  if (!OUT_REFUND_NO.test(outRefundNo)) throw invalidInput("outRefundNo must be 1-64 letters, digits or _-|*@");
}

function toResult(operation: string, answer: WechatAnswer, outRefundNo: string): RefundResult {
  const parsed = wechatRefundSchema.safeParse(answer.json);
  if (!parsed.success) throw new ChannelError("invalid_response", `${operation}: unexpected answer from WeChat Pay`, { httpStatus: answer.status });
  const r = parsed.data;
  if (r.out_refund_no !== outRefundNo) throw new ChannelError("response_mismatch", `${operation}: WeChat Pay answered about another refund`);
  const status = wechatRefundStatus(r.status);
  if (!status) throw new ChannelError("invalid_response", `${operation}: unknown refund status ${r.status}`);
  return {
    status,
    channelRefundNo: r.refund_id,
    amountFen: r.amount.refund,
    succeededAt: status === "succeeded" ? parseRfc3339(r.success_time) : undefined,
    ...(status === "failed" ? { failure: { code: r.status, message: `WeChat Pay reports the refund ${r.status}` } } : {}),
    raw: answer.json,
  };
}

export async function wechatRefund(ctx: WechatContext, input: RefundInput): Promise<RefundResult> {
  checkOutRefundNo(input.outRefundNo);
  if (!Number.isSafeInteger(input.refundFen) || input.refundFen < 1) throw invalidInput("refundFen must be a positive integer");
  const params: Irefunds2 = {
    out_trade_no: input.outTradeNo,
    out_refund_no: input.outRefundNo,
    ...(input.reason ? { reason: input.reason.slice(0, 80) } : {}),
    notify_url: input.notifyUrl,
    amount: { refund: input.refundFen, total: input.totalFen, currency: "CNY" },
  };
  const answer = await callWechat(ctx, (pay) => pay.refunds(params));
  if (answer.status >= 200 && answer.status < 300) return toResult("refunds", answer, input.outRefundNo);
  const code = signedErrorCode(answer);
  // A signed 4xx refusal (over-refund, not paid, wrong total): nothing was refunded.
  if (code && answer.status < 500 && !RETRY_CODES.has(code)) {
    return { status: "failed", failure: wechatErrorCode(answer), raw: answer.json };
  }
  // 5xx, SYSTEM_ERROR, NOT_ENOUGH, or an unsigned answer: the refund may exist; ask again later with the same number.
  throw new ChannelError(code ?? wechatErrorCode(answer).code, `refunds: ${wechatErrorCode(answer).message}`, { httpStatus: answer.status, createdAtChannel: "unknown" });
}

export async function wechatQueryRefund(ctx: WechatContext, input: { outTradeNo: string; outRefundNo: string }): Promise<RefundResult> {
  checkOutRefundNo(input.outRefundNo);
  const answer = await callWechat(ctx, (pay) => pay.find_refunds(input.outRefundNo));
  const code = signedErrorCode(answer);
  if (code === "RESOURCE_NOT_EXISTS" || code === "NOT_FOUND") return { status: "not_found", raw: answer.json };
  if (answer.status < 200 || answer.status >= 300) throw wechatError("refunds query", answer);
  const result = toResult("refunds query", answer, input.outRefundNo);
  const outTradeNo = (answer.json as { out_trade_no?: unknown }).out_trade_no;
  if (outTradeNo !== undefined && outTradeNo !== input.outTradeNo) throw new ChannelError("response_mismatch", "refunds query: the refund is of another order");
  return result;
}
