import { formatBeijingTime } from "../beijing-time";
import { ChannelError } from "../errors";
import type { ChannelDefinition, CreatePaymentInput, CreatePaymentResult } from "../types";
import { fenToYuan } from "./amount";
import { alipayBusinessError, execVerified } from "./client";
import { ALIPAY_LIMITS, AlipayChannel, checkAmount, checkOutTradeNo, str } from "./channel";

/**
 * alipay_qr: 当面付 扫码 (alipay.trade.precreate). Unlike the page products this is a server call:
 * Alipay creates the trade now and answers, signed, with the qr_code the buyer scans with the Alipay
 * app. The answer is believed only once its signature checks out with the Alipay public key
 * (execVerified), because the qr_code decides where the buyer's money goes.
 */
export class AlipayQrChannel extends AlipayChannel {
  readonly id = "alipay_qr" as const;

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const outTradeNo = checkOutTradeNo(input.outTradeNo);
    const bizContent: Record<string, string> = {
      out_trade_no: outTradeNo,
      total_amount: fenToYuan(checkAmount(input.amountFen)),
      subject: input.subject,
      time_expire: formatBeijingTime(input.expiresAt),
    };
    const res = await execVerified(this.sdk.api, "alipay.trade.precreate", bizContent, this.now(), { notifyUrl: input.notifyUrl });
    if (res.code !== "10000") {
      // 40004 is a signed refusal: nothing was created. Anything else (20000, service busy) may have.
      const error = alipayBusinessError("alipay.trade.precreate", res);
      if (res.code === "40004" || res.code === "40002" || res.code === "40001" || res.code === "40006") throw error;
      throw new ChannelError(error.code, error.message, { createdAtChannel: "unknown" });
    }
    if (res.out_trade_no !== outTradeNo) throw new ChannelError("response_mismatch", "alipay.trade.precreate answered about another trade");
    const qrCode = str(res.qr_code);
    if (!qrCode || !/^https?:\/\//.test(qrCode)) throw new ChannelError("invalid_response", "alipay.trade.precreate: answer without a qr_code URL");
    return { payParams: { qrCode } };
  }
}

/** alipay_qr in the registry. */
export const alipayQr = {
  provider: "alipay",
  limits: ALIPAY_LIMITS,
  // precreate makes the trade at Alipay at once, so a close stops its code.
  closableUnopened: true,
  // The buyer scans qr_code with the Alipay app; the page shows it and waits.
  nextAction: (payParams) => (payParams.qrCode ? { type: "qr", content: payParams.qrCode } : null),
  create: (creds, options) => new AlipayQrChannel(creds, options),
} satisfies ChannelDefinition<"alipay">;
