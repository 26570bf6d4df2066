import type { AlipaySdk } from "alipay-sdk";
import { parseBeijingTime } from "../beijing-time";
import { ChannelError, invalidInput } from "../errors";
import type { RefundInput, RefundResult } from "../types";
import { fenToYuan, yuanToFen } from "./amount";
import { execVerified, type AlipayResponse } from "./client";

/**
 * Alipay refunds (docs/payment-protocols.md E.1), shared by every Alipay channel: the refund API
 * is the same whatever product took the payment.
 */

/** out_request_no: up to 64 letters, digits and underscores; ours is the refund id. */
const OUT_REQUEST_NO = /^[0-9A-Za-z_-]{1,64}$/;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Answers that mean "try again with the same out_request_no": the refund may or may not exist. */
function isRetryable(res: AlipayResponse): boolean {
  return res.code === "20000" || res.code === "20001" || res.sub_code === "ACQ.SYSTEM_ERROR" || res.sub_code === "aop.ACQ.SYSTEM_ERROR";
}

/**
 * alipay.trade.refund. `code = 10000` only means accepted: the money moved when fund_change = "Y".
 * "N" (a repeat of a refund already made, or one still in progress) is settled by the refund query.
 */
export async function alipayRefund(sdk: AlipaySdk, input: RefundInput, now: Date): Promise<RefundResult> {
  if (!OUT_REQUEST_NO.test(input.outRefundNo)) throw invalidInput("outRefundNo must be 1-64 letters, digits or underscores");
  if (!Number.isSafeInteger(input.refundFen) || input.refundFen < 1) throw invalidInput("refundFen must be a positive integer");
  const res = await execVerified(
    sdk,
    "alipay.trade.refund",
    {
      out_trade_no: input.outTradeNo,
      refund_amount: fenToYuan(input.refundFen),
      out_request_no: input.outRefundNo,
      ...(input.reason ? { refund_reason: input.reason } : {}),
    },
    now,
  );
  if (res.code === "10000") {
    if (res.out_trade_no !== input.outTradeNo) throw new ChannelError("response_mismatch", "alipay.trade.refund answered about another trade");
    if (res.fund_change === "Y") {
      return { status: "succeeded", channelRefundNo: str(res.trade_no), amountFen: input.refundFen, succeededAt: parseBeijingTime(str(res.gmt_refund_pay)), raw: res };
    }
    const query = await alipayRefundQuery(sdk, input, now);
    return query.status === "succeeded" ? query : { status: "pending", channelRefundNo: str(res.trade_no), raw: res };
  }
  // ACQ.SYSTEM_ERROR and service errors: Alipay says retry with the same out_request_no.
  if (isRetryable(res)) throw new ChannelError(res.sub_code ?? res.code, `alipay.trade.refund: ${res.sub_msg ?? res.msg}`, { createdAtChannel: "unknown" });
  // A signed refusal (not paid, over-refund, balance, bad request): nothing was refunded.
  return { status: "failed", failure: { code: res.sub_code ?? res.code, message: res.sub_msg ?? res.msg }, raw: res };
}

/**
 * alipay.trade.fastpay.refund.query by out_trade_no + out_request_no. Only refund_status =
 * REFUND_SUCCESS is a success; without it the refund was not received or has not (yet) succeeded.
 */
export async function alipayRefundQuery(sdk: AlipaySdk, input: { outTradeNo: string; outRefundNo: string }, now: Date): Promise<RefundResult> {
  if (!OUT_REQUEST_NO.test(input.outRefundNo)) throw invalidInput("outRefundNo must be 1-64 letters, digits or underscores");
  const res = await execVerified(
    sdk,
    "alipay.trade.fastpay.refund.query",
    { out_trade_no: input.outTradeNo, out_request_no: input.outRefundNo, query_options: ["gmt_refund_pay"] },
    now,
  );
  if (res.code === "40004" && res.sub_code === "ACQ.TRADE_NOT_EXIST") return { status: "not_found", raw: res };
  if (res.code !== "10000") {
    throw new ChannelError(res.sub_code ?? res.code, `alipay.trade.fastpay.refund.query: ${res.sub_msg ?? res.msg}`, { createdAtChannel: "unknown" });
  }
  if (res.refund_status !== "REFUND_SUCCESS") return { status: "not_found", raw: res };
  if (res.out_trade_no !== input.outTradeNo || (res.out_request_no !== undefined && res.out_request_no !== input.outRefundNo)) {
    throw new ChannelError("response_mismatch", "alipay.trade.fastpay.refund.query answered about another refund");
  }
  return {
    status: "succeeded",
    channelRefundNo: str(res.trade_no),
    amountFen: yuanToFen(str(res.refund_amount)),
    succeededAt: parseBeijingTime(str(res.gmt_refund_pay)),
    raw: res,
  };
}
