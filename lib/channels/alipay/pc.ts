import { formatBeijingTime } from "../beijing-time";
import type { ChannelDefinition, CreatePaymentInput, CreatePaymentResult } from "../types";
import { fenToYuan } from "./amount";
import { beijingTimestamp, signedPageUrl } from "./client";
import { ALIPAY_LIMITS, AlipayChannel, checkAmount, checkOutTradeNo } from "./channel";

/**
 * alipay_pc: 电脑网站支付 (alipay.trade.page.pay, product_code FAST_INSTANT_TRADE_PAY). Like wap pay,
 * creating contacts nobody: the payUrl is a signed GET the buyer's desktop browser opens, where they
 * log in or scan Alipay's own code. The trade exists at Alipay only once the page is opened, and page
 * pay notifies only TRADE_SUCCESS, so a close is learnt by querying.
 */
export class AlipayPcChannel extends AlipayChannel {
  readonly id = "alipay_pc" as const;

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const bizContent: Record<string, string> = {
      out_trade_no: checkOutTradeNo(input.outTradeNo),
      total_amount: fenToYuan(checkAmount(input.amountFen)),
      subject: input.subject,
      product_code: "FAST_INSTANT_TRADE_PAY",
      time_expire: formatBeijingTime(input.expiresAt),
    };
    const params = {
      bizContent,
      notifyUrl: input.notifyUrl,
      ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
      ...beijingTimestamp(this.now()),
    };
    return { payParams: { payUrl: await signedPageUrl(this.sdk.page, "alipay.trade.page.pay", params) } };
  }
}

/** alipay_pc in the registry. */
export const alipayPc = {
  provider: "alipay",
  limits: ALIPAY_LIMITS,
  createsLocally: true,
  // As wap pay: the trade exists once the buyer opens the payUrl; only time_expire stops it before.
  closableUnopened: false,
  nextAction: (payParams) => (payParams.payUrl ? { type: "redirect", url: payParams.payUrl } : null),
  create: (creds, options) => new AlipayPcChannel(creds, options),
} satisfies ChannelDefinition<"alipay">;
