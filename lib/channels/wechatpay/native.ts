import type { Inative } from "wechatpay-node-v3/dist/lib/interface";
import { z } from "zod";
import type { ChannelDefinition, CreatePaymentInput, CreatePaymentResult } from "../types";
import { callWechat } from "./client";
import { WECHAT_LIMITS, WechatChannel, type WechatOrder } from "./channel";

/** code_url is what the buyer's WeChat scans: `weixin://wxpay/bizpayurl?pr=…`, valid two hours. */
const nativeAnswer = z.object({ code_url: z.string().regex(/^weixin:\/\/wxpay\/bizpayurl\?pr=[^\s]+$/) });

/**
 * wechat_native (Native / 扫码支付): the merchant shows code_url as a QR code on a screen; the buyer
 * scans it with WeChat and pays there. The order needs nothing from the buyer up front.
 */
export class WechatNativeChannel extends WechatChannel {
  readonly id = "wechat_native" as const;

  protected async prepay(order: WechatOrder, input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const params: Inative = { ...order, ...(input.clientIp ? { scene_info: { payer_client_ip: input.clientIp } } : {}) };
    const answer = await callWechat(this.ctx, (pay) => pay.transactions_native(params));
    const { code_url: codeUrl } = this.parse2xx("transactions/native", answer, nativeAnswer);
    return { payParams: { codeUrl } };
  }
}

/** wechat_native in the registry. */
export const wechatNative = {
  provider: "wechatpay",
  limits: WECHAT_LIMITS,
  // The prepay order exists at WeChat from creation: a close stops it.
  closableUnopened: true,
  nextAction: (payParams) => (payParams.codeUrl ? { type: "qr", content: payParams.codeUrl } : null),
  create: (creds, options) => new WechatNativeChannel(creds, options),
} satisfies ChannelDefinition<"wechatpay">;
