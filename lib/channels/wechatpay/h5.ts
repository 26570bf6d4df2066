import type { Ih5 } from "wechatpay-node-v3/dist/lib/interface";
import { z } from "zod";
import { invalidInput } from "../errors";
import type { ChannelDefinition, CreatePaymentInput, CreatePaymentResult } from "../types";
import { callWechat } from "./client";
import { WECHAT_LIMITS, WechatChannel, type WechatOrder } from "./channel";

const h5Answer = z.object({ h5_url: z.url() });

/** wechat_h5 (H5 / MWEB): a phone browser outside WeChat opens h5_url, which hands over to the WeChat app. */
export class WechatH5Channel extends WechatChannel {
  readonly id = "wechat_h5" as const;

  protected async prepay(order: WechatOrder, input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!input.clientIp) throw invalidInput("wechat_h5 needs the buyer's clientIp");
    // The SDK's type demands h5_info.app_name, which WeChat only wants for iOS/Android apps.
    const params = { ...order, scene_info: { payer_client_ip: input.clientIp, h5_info: { type: "Wap" } } } as Ih5;
    const answer = await callWechat(this.ctx, (pay) => pay.transactions_h5(params));
    const { h5_url: h5Url } = this.parse2xx("transactions/h5", answer, h5Answer);
    // WeChat sends the buyer back to redirect_url after paying (else to the page that opened h5_url).
    const withReturn = input.returnUrl ? `${h5Url}${h5Url.includes("?") ? "&" : "?"}redirect_url=${encodeURIComponent(input.returnUrl)}` : h5Url;
    return { payParams: { h5Url: withReturn } };
  }
}

/** wechat_h5 in the registry. */
export const wechatH5 = {
  provider: "wechatpay",
  // WeChat's risk control requires the address of the buyer's phone.
  limits: { ...WECHAT_LIMITS, needsClientIp: true },
  // The prepay order exists at WeChat from creation: a close stops it.
  closableUnopened: true,
  nextAction: (payParams) => (payParams.h5Url ? { type: "redirect", url: payParams.h5Url } : null),
  create: (creds, options) => new WechatH5Channel(creds, options),
} satisfies ChannelDefinition<"wechatpay">;
