import type { Ih5, Ijsapi } from "wechatpay-node-v3/dist/lib/interface";
import { z } from "zod";
import { formatBeijingRfc3339, parseRfc3339 } from "../beijing-time";
import { ChannelError, invalidInput } from "../errors";
import type { ChannelLimits, ChannelOptions, ClosePaymentResult, CreatePaymentInput, CreatePaymentResult, PaymentChannel, QueryPaymentResult, RefundInput, RefundResult, WechatpayCredentials } from "../types";
import { wechatQueryRefund, wechatRefund } from "./refund";
import { callWechat, signedErrorCode, wechatContext, wechatError, type WechatAnswer, type WechatContext } from "./client";
import { wechatTradeStatus, wechatTransactionSchema } from "./transaction";

/** WeChat's limit on `description`. */
const MAX_DESCRIPTION = 127;
/**
 * WeChat's rule for out_trade_no. Enforced before every call because wechatpay-node-v3 pastes it
 * into the URL path unencoded: a "/" or "?" would change which resource we sign for and ask about.
 */
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;

function checkOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw invalidInput("outTradeNo must be 6-32 letters, digits or _-|*");
}

/** What every WeChat Pay channel accepts; each adds what it needs from the buyer. */
export const WECHAT_LIMITS = {
  // amount.total is a 32-bit int of fen.
  maxAmountFen: 2_147_483_647,
  maxSubjectLength: MAX_DESCRIPTION,
  needsClientIp: false,
  needsOpenId: false,
} as const satisfies ChannelLimits;

/** The order fields every WeChat Pay v3 prepay request shares. */
export type WechatOrder = Omit<Ih5, "scene_info"> & Omit<Ijsapi, "payer">;

/**
 * A WeChat Pay APIv3 channel in direct-merchant mode. Query and close are the same for every
 * channel; a subclass says how an order is created and what the front end receives.
 */
export abstract class WechatChannel implements PaymentChannel {
  abstract readonly id: "wechat_h5" | "wechat_jsapi" | "wechat_native";
  protected readonly ctx: WechatContext;

  constructor(
    protected readonly creds: WechatpayCredentials,
    options: ChannelOptions = {},
  ) {
    this.ctx = wechatContext(creds, options);
  }

  /** Sends the prepay request for this channel and turns WeChat's answer into payParams. */
  protected abstract prepay(order: WechatOrder, input: CreatePaymentInput): Promise<CreatePaymentResult>;

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 1) throw invalidInput("amountFen must be a positive integer");
    checkOutTradeNo(input.outTradeNo);
    // Our `attach` stays with us: it is handed back from our own records, never round-tripped via WeChat.
    const order: WechatOrder = {
      description: Array.from(input.subject).slice(0, MAX_DESCRIPTION).join(""),
      out_trade_no: input.outTradeNo,
      time_expire: formatBeijingRfc3339(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: "CNY" },
    };
    return this.prepay(order, input);
  }

  async queryPayment(outTradeNo: string): Promise<QueryPaymentResult> {
    checkOutTradeNo(outTradeNo);
    const answer = await callWechat(this.ctx, (pay) => pay.query({ out_trade_no: outTradeNo }));
    if (signedErrorCode(answer) === "ORDER_NOT_EXIST") return { status: "not_found", raw: answer.json };
    const tx = this.parse2xx("query", answer, wechatTransactionSchema);
    if (tx.out_trade_no !== outTradeNo || tx.mchid !== this.creds.mchId) {
      throw new ChannelError("response_mismatch", "WeChat Pay answered about another order or merchant");
    }
    const status = wechatTradeStatus(tx.trade_state);
    if (!status) throw new ChannelError("invalid_response", `query: unknown trade_state ${tx.trade_state}`);
    return {
      status,
      channelTradeNo: tx.transaction_id,
      amountFen: tx.amount.total,
      paidAt: status === "paid" ? parseRfc3339(tx.success_time) : undefined,
      payerId: status === "paid" && tx.payer?.openid ? tx.payer.openid : undefined,
      raw: answer.json,
    };
  }

  async closePayment(outTradeNo: string): Promise<ClosePaymentResult> {
    checkOutTradeNo(outTradeNo);
    const answer = await callWechat(this.ctx, (pay) => pay.close(outTradeNo));
    if (answer.status >= 200 && answer.status < 300) return { result: "closed" };
    switch (signedErrorCode(answer)) {
      case "ORDERPAID":
        return { result: "already_paid" };
      case "ORDERCLOSED":
      case "ORDER_CLOSED":
        return { result: "closed" };
      case "ORDER_NOT_EXIST":
        return { result: "not_found" };
      default:
        throw wechatError("close", answer);
    }
  }

  refund(input: RefundInput): Promise<RefundResult> {
    checkOutTradeNo(input.outTradeNo);
    return wechatRefund(this.ctx, input);
  }

  queryRefund(input: { outTradeNo: string; outRefundNo: string }): Promise<RefundResult> {
    checkOutTradeNo(input.outTradeNo);
    return wechatQueryRefund(this.ctx, input);
  }

  /** A signature-checked 2xx body in the expected shape, or the error WeChat answered. */
  protected parse2xx<T>(operation: string, answer: WechatAnswer, schema: z.ZodType<T>): T {
    if (answer.status < 200 || answer.status >= 300) throw wechatError(operation, answer);
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) throw new ChannelError("invalid_response", `${operation}: unexpected answer from WeChat Pay`, { httpStatus: answer.status });
    return parsed.data;
  }
}
