import { randomBytes, sign, type KeyObject } from "node:crypto";
import type { Ijsapi } from "wechatpay-node-v3/dist/lib/interface";
import { z } from "zod";
import { invalidInput } from "../errors";
import type { ChannelDefinition, CreatePaymentInput, CreatePaymentResult } from "../types";
import { callWechat } from "./client";
import { WECHAT_LIMITS, WechatChannel, type WechatOrder } from "./channel";

const jsapiAnswer = z.object({ prepay_id: z.string().min(1) });

/** The keys of the getBrandWCPayRequest object; all of them must be present for the bridge to pay. */
const JSAPI_KEYS = ["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"] as const;

/**
 * The object WeixinJSBridge.invoke('getBrandWCPayRequest', …) takes. paySign is SHA256withRSA with
 * the merchant key over `appId\ntimeStamp\nnonceStr\npackage\n`; signType is not part of it.
 * Built here rather than taken from wechatpay-node-v3, whose nonce comes from Math.random.
 */
export function jsapiPayParams(appId: string, prepayId: string, merchantKey: KeyObject, now: Date): Record<string, string> {
  const timeStamp = String(Math.floor(now.getTime() / 1000));
  const nonceStr = randomBytes(16).toString("hex");
  const pkg = `prepay_id=${prepayId}`;
  const paySign = sign("RSA-SHA256", Buffer.from(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, "utf8"), merchantKey).toString("base64");
  return { appId, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
}

/** wechat_jsapi: inside WeChat (an official account's page), paid through WeixinJSBridge. */
export class WechatJsapiChannel extends WechatChannel {
  readonly id = "wechat_jsapi" as const;

  protected async prepay(order: WechatOrder, input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!input.openId) throw invalidInput("wechat_jsapi needs the buyer's openId");
    const params: Ijsapi = { ...order, payer: { openid: input.openId } };
    const answer = await callWechat(this.ctx, (pay) => pay.transactions_jsapi(params));
    const { prepay_id: prepayId } = this.parse2xx("transactions/jsapi", answer, jsapiAnswer);
    return { payParams: jsapiPayParams(this.creds.appId, prepayId, this.ctx.merchantKey, this.ctx.now()) };
  }
}

/** wechat_jsapi in the registry. */
export const wechatJsapi = {
  provider: "wechatpay",
  // The prepay is made for one payer: the openid WeChat gave the merchant's appid for them.
  limits: { ...WECHAT_LIMITS, needsOpenId: true },
  // The prepay order exists at WeChat from creation: a close stops it.
  closableUnopened: true,
  nextAction: (payParams) => (JSAPI_KEYS.every((k) => payParams[k]) ? { type: "jsapi", params: payParams } : null),
  create: (creds, options) => new WechatJsapiChannel(creds, options),
} satisfies ChannelDefinition<"wechatpay">;
