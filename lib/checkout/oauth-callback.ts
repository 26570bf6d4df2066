import { accountForOrder } from "../orders/create-order";
import { findCheckoutSession } from "./sessions";
import { exchangeOauthCode } from "./wechat-oauth";

/** The payer's openid for the session's merchant appid, from the OAuth code; null if WeChat refuses. */
export async function openIdFromOauth(sessionId: string, code: string): Promise<string | null> {
  const session = await findCheckoutSession(sessionId);
  if (!session || session.status !== "open") return null;
  const account = await accountForOrder({ merchantId: session.merchantId, livemode: session.livemode }, "wechat_jsapi");
  return exchangeOauthCode(account, code);
}
