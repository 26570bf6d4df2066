import { ChannelError, type ChannelId } from "../channels";
import { loadChannelAccountOrThrow } from "../channel-accounts/channel-accounts";
import { channelFor } from "../orders/channel-for";
import { ApiError } from "../api/errors";
import { newId } from "../ids";
import { msg, type Message } from "../i18n/message";
import type { Owner } from "../owner";
import type { Provider } from "../channels/types";

export type VerifyResult = { ok: boolean; message: Message };

/** The channel whose query stands for the provider's credentials (every channel of a provider shares them). */
const PROBE: Record<Provider, ChannelId> = { alipay: "alipay_h5", wechatpay: "wechat_h5" };

/**
 * "Verify credentials": one harmless signed call with the saved credentials, a payment query for an
 * order that cannot exist. A signed "no such order" answer proves all of it at once: the app id or
 * merchant number is known, our private key signs what the channel accepts, and the channel's key we
 * hold verifies its answer. Anything else is said in plain words (what is wrong and which field to look at).
 */
export async function verifyChannelCredentials(owner: Owner, provider: Provider): Promise<VerifyResult> {
  let account;
  try {
    account = await loadChannelAccountOrThrow(owner, provider);
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, message: msg("channels.verify.notConfigured") };
    throw error;
  }
  try {
    await channelFor(PROBE[provider], account).queryPayment(newId("ord"));
    return { ok: true, message: msg("channels.verify.ok") };
  } catch (error) {
    if (error instanceof ChannelError) return { ok: false, message: explainVerifyError(provider, error.code) };
    throw error;
  }
}

/** A channel error code of the probe → what the merchant should fix. */
export function explainVerifyError(provider: Provider, code: string): Message {
  switch (code) {
    case "invalid_response_signature":
      return msg(provider === "alipay" ? "channels.verify.alipayPublicKey" : "channels.verify.wechatPlatformKey");
    case "invalid_credentials":
      return msg("channels.verify.unusableKey");
    case "network_error":
      return msg("channels.verify.network", { provider });
    case "isv.invalid-signature":
    case "SIGN_ERROR":
      return msg("channels.verify.privateKey", { provider });
    case "isv.invalid-app-id":
    case "isv.app-unbind-partner":
    case "MCH_NOT_EXISTS":
    case "APPID_MCHID_NOT_MATCH":
      return msg("channels.verify.appId", { provider, code });
    default:
      return msg("channels.verify.other", { code });
  }
}
