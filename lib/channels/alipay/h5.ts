import { parseBeijingTime, formatBeijingTime } from "../beijing-time";
import { ChannelError, invalidInput } from "../errors";
import type { AlipayCredentials, ChannelDefinition, ChannelOptions, ClosePaymentResult, CreatePaymentInput, CreatePaymentResult, PaymentChannel, QueryPaymentResult } from "../types";
import { fenToYuan, yuanToFen } from "./amount";
import { alipayBusinessError, alipayClients, beijingTimestamp, DEFAULT_TIMEOUT_MS, execVerified, type AlipayClients, type AlipayResponse } from "./client";
import { alipayTradeStatus } from "./status";

/** Alipay's rule for out_trade_no: up to 64 letters, digits and underscores (dashes are tolerated). */
const OUT_TRADE_NO = /^[0-9A-Za-z_-]{1,64}$/;

function checkOutTradeNo(outTradeNo: string): string {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw invalidInput("outTradeNo must be 1-64 letters, digits or underscores");
  return outTradeNo;
}

/**
 * alipay_h5: 手机网站支付 (alipay.trade.wap.pay). Creating a payment contacts nobody: the payUrl is a
 * signed GET to the gateway that the buyer's browser opens. The trade only exists at Alipay once
 * the buyer opens it, so until then query and close answer ACQ.TRADE_NOT_EXIST (→ not_found),
 * and the payUrl stays usable until time_expire: that deadline, not close, is what stops a late payment.
 */
export class AlipayH5Channel implements PaymentChannel {
  readonly id = "alipay_h5" as const;
  private readonly sdk: AlipayClients;
  private readonly now: () => Date;

  constructor(creds: AlipayCredentials, options: ChannelOptions = {}) {
    this.sdk = alipayClients(creds, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.now = options.now ?? (() => new Date());
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 1) throw invalidInput("amountFen must be a positive integer");
    const bizContent: Record<string, string> = {
      out_trade_no: checkOutTradeNo(input.outTradeNo),
      total_amount: fenToYuan(input.amountFen),
      subject: input.subject,
      product_code: "QUICK_WAP_WAY",
      time_expire: formatBeijingTime(input.expiresAt),
      // The H5 cashier's "back" button; without it the buyer is stranded on Alipay's page.
      ...(input.returnUrl ? { quit_url: input.returnUrl } : {}),
    };
    // Undefined values must not reach the SDK: it would sign them as the text "undefined".
    const params = {
      bizContent,
      notifyUrl: input.notifyUrl,
      ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
      ...beijingTimestamp(this.now()),
    };
    return { payParams: { payUrl: this.sdk.page.pageExec("alipay.trade.wap.pay", "GET", params) } };
  }

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

}

function isTradeNotExist(res: AlipayResponse): boolean {
  return res.code === "40004" && res.sub_code === "ACQ.TRADE_NOT_EXIST";
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** alipay_h5 in the registry. */
export const alipayH5 = {
  provider: "alipay",
  limits: {
    // total_amount is at most 100,000,000.00 yuan per trade.
    maxAmountFen: 10_000_000_000,
    // Alipay takes a 256-character subject; 127 (WeChat's limit) keeps a goods' subject the same on every channel.
    maxSubjectLength: 127,
    needsClientIp: false,
    needsOpenId: false,
    // returnUrl goes out as return_url (a public parameter of at most 256 characters) and quit_url (400).
    maxReturnUrlLength: 256,
  },
  // The payUrl is a signed GET the buyer's browser opens.
  nextAction: (payParams) => (payParams.payUrl ? { type: "redirect", url: payParams.payUrl } : null),
  create: (creds, options) => new AlipayH5Channel(creds, options),
} satisfies ChannelDefinition<"alipay">;
