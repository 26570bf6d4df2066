import { parseBeijingTime } from "../beijing-time";
import { ChannelError, invalidInput } from "../errors";
import type { AlipayCredentials, ChannelLimits, ChannelOptions, ClosePaymentResult, CreatePaymentInput, CreatePaymentResult, PaymentChannel, QueryPaymentResult, RefundInput, RefundResult } from "../types";
import { alipayRefund, alipayRefundQuery } from "./refund";
import { yuanToFen } from "./amount";
import { alipayBusinessError, alipayClients, DEFAULT_TIMEOUT_MS, execVerified, type AlipayClients, type AlipayResponse } from "./client";
import { alipayTradeStatus } from "./status";

/** Alipay's rule for out_trade_no: up to 64 letters, digits and underscores (dashes are tolerated). */
const OUT_TRADE_NO = /^[0-9A-Za-z_-]{1,64}$/;

export function checkOutTradeNo(outTradeNo: string): string {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw invalidInput("outTradeNo must be 1-64 letters, digits or underscores");
  return outTradeNo;
}

export function checkAmount(amountFen: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 1) throw invalidInput("amountFen must be a positive integer");
  return amountFen;
}

/** What every Alipay channel accepts. */
export const ALIPAY_LIMITS = {
  // total_amount is at most 100,000,000.00 yuan per trade.
  maxAmountFen: 10_000_000_000,
  // Alipay takes a 256-character subject; 127 (WeChat's limit) keeps a goods' subject the same on every channel.
  maxSubjectLength: 127,
  needsClientIp: false,
  needsOpenId: false,
  // returnUrl goes out as return_url, a public parameter of at most 256 characters (and quit_url, 400).
  maxReturnUrlLength: 256,
} as const satisfies ChannelLimits;

/**
 * An Alipay channel on the classic gateway. Query (alipay.trade.query), close (alipay.trade.close)
 * and refunds are the same for every product; a subclass says how a payment is created.
 */
export abstract class AlipayChannel implements PaymentChannel {
  abstract readonly id: "alipay_h5" | "alipay_pc" | "alipay_qr";
  protected readonly sdk: AlipayClients;
  protected readonly now: () => Date;

  constructor(creds: AlipayCredentials, options: ChannelOptions = {}) {
    this.sdk = alipayClients(creds, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.now = options.now ?? (() => new Date());
  }

  abstract createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult>;

  async queryPayment(outTradeNo: string): Promise<QueryPaymentResult> {
    const res = await execVerified(this.sdk.api, "alipay.trade.query", { out_trade_no: checkOutTradeNo(outTradeNo) }, this.now());
    if (isTradeNotExist(res)) return { status: "not_found", raw: res };
    if (res.code !== "10000") throw alipayBusinessError("alipay.trade.query", res);
    if (res.out_trade_no !== outTradeNo) throw new ChannelError("response_mismatch", "alipay.trade.query answered about another trade");
    const status = alipayTradeStatus(res.trade_status);
    if (!status) throw new ChannelError("invalid_response", `alipay.trade.query: unknown trade_status ${String(res.trade_status)}`);
    return {
      status,
      channelTradeNo: str(res.trade_no),
      amountFen: yuanToFen(str(res.total_amount)),
      paidAt: status === "paid" ? parseBeijingTime(str(res.send_pay_date)) : undefined,
      payerId: status === "paid" ? str(res.buyer_user_id) : undefined,
      raw: res,
    };
  }

  async closePayment(outTradeNo: string): Promise<ClosePaymentResult> {
    const res = await execVerified(this.sdk.api, "alipay.trade.close", { out_trade_no: checkOutTradeNo(outTradeNo) }, this.now());
    if (res.code === "10000") return { result: "closed" };
    if (isTradeNotExist(res)) return { result: "not_found" };
    // "Trade status invalid" is Alipay's answer for a paid trade and may be for a closed one: ask.
    if (res.sub_code === "ACQ.TRADE_STATUS_ERROR") {
      const { status } = await this.queryPayment(outTradeNo);
      if (status === "paid") return { result: "already_paid" };
      if (status === "closed") return { result: "closed" };
    }
    throw alipayBusinessError("alipay.trade.close", res);
  }

  /** Refunds are the same whatever product took the payment (./refund.ts). */
  refund(input: RefundInput): Promise<RefundResult> {
    return alipayRefund(this.sdk.api, { ...input, outTradeNo: checkOutTradeNo(input.outTradeNo) }, this.now());
  }

  queryRefund(input: { outTradeNo: string; outRefundNo: string }): Promise<RefundResult> {
    return alipayRefundQuery(this.sdk.api, { ...input, outTradeNo: checkOutTradeNo(input.outTradeNo) }, this.now());
  }
}

function isTradeNotExist(res: AlipayResponse): boolean {
  return res.code === "40004" && res.sub_code === "ACQ.TRADE_NOT_EXIST";
}

export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
