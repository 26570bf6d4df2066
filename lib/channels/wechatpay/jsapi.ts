import { randomBytes, sign, type KeyObject } from "node:crypto";

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
