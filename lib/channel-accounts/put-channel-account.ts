import { ApiError, notFound } from "../api/errors";
import type { Owner } from "../owner";
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
export async function putChannelAccount(owner: Owner, provider: string, json: Record<string, unknown>): Promise<ChannelAccountView> {
  if (provider !== "alipay" && provider !== "wechatpay") throw notFound("channel provider", provider);
  if (!owner.livemode) {
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
  return upsertChannelAccount(owner, provider, prepared);
}
