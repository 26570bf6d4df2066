import { formatBeijingTime } from "../beijing-time";
import type { ChannelDefinition, CreatePaymentInput, CreatePaymentResult } from "../types";
import { fenToYuan } from "./amount";
import { beijingTimestamp, signedPageUrl } from "./client";
import { ALIPAY_LIMITS, AlipayChannel, checkAmount, checkOutTradeNo } from "./channel";

/**
 * alipay_h5: 手机网站支付 (alipay.trade.wap.pay). Creating a payment contacts nobody: the payUrl is a
 * signed GET to the gateway that the buyer's browser opens. The trade only exists at Alipay once
 * the buyer opens it, so until then query and close answer ACQ.TRADE_NOT_EXIST (→ not_found),
 * and the payUrl stays usable until time_expire: that deadline, not close, is what stops a late payment.
 */
export class AlipayH5Channel extends AlipayChannel {
  readonly id = "alipay_h5" as const;

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const bizContent: Record<string, string> = {
      out_trade_no: checkOutTradeNo(input.outTradeNo),
      total_amount: fenToYuan(checkAmount(input.amountFen)),
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
    return { payParams: { payUrl: await signedPageUrl(this.sdk.page, "alipay.trade.wap.pay", params) } };
  }
}

/** alipay_h5 in the registry. */
export const alipayH5 = {
  provider: "alipay",
  limits: ALIPAY_LIMITS,
  createsLocally: true,
  // The trade exists at Alipay only once the buyer opens the payUrl; only time_expire stops it before.
  closableUnopened: false,
  // The payUrl is a signed GET the buyer's browser opens.
  nextAction: (payParams) => (payParams.payUrl ? { type: "redirect", url: payParams.payUrl } : null),
  create: (creds, options) => new AlipayH5Channel(creds, options),
} satisfies ChannelDefinition<"alipay">;
