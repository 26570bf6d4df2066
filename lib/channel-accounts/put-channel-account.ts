import { ApiError, notFound } from "../api/errors";
import type { ResolvedKey } from "../api-keys/api-keys";
import { alipayAccountSchema, wechatpayAccountSchema } from "./schemas";
import {
  prepareAlipayAccount,
  prepareWechatpayAccount,
  upsertChannelAccount,
  type ChannelAccountView,
} from "./channel-accounts";

/**
 * PUT /api/v1/channel-accounts/{provider}. Live credentials only: test mode runs on the sandbox
 * accounts payrelay provisions itself, and letting a test key write real credentials would let
 * test traffic reach a real channel.
 */
export async function putChannelAccount(
  key: ResolvedKey,
  provider: string,
  json: Record<string, unknown>,
): Promise<ChannelAccountView> {
  if (provider !== "alipay" && provider !== "wechatpay") throw notFound("channel provider", provider);
  if (key.mode !== "live") {
    throw new ApiError(
      "invalid_request",
      "livemode_required",
      "Channel credentials are configured with a live secret key. Test mode uses payrelay's built-in sandbox accounts and needs no configuration.",
    );
  }
  const prepared =
    provider === "alipay"
      ? prepareAlipayAccount(alipayAccountSchema.parse(json))
      : prepareWechatpayAccount(wechatpayAccountSchema.parse(json));
  return upsertChannelAccount(key.merchantId, provider, "live", prepared);
}
