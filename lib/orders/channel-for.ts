import { config } from "../config";
import { getChannel, providerOf, type ChannelCredentials, type ChannelId, type PaymentChannel } from "../channels";
import type { LoadedChannelAccount } from "../channel-accounts/channel-accounts";

/**
 * Where a channel account's requests go: test-mode accounts to the built-in sandbox (on this very
 * deployment), live ones to the provider (ALIPAY_GATEWAY / WECHATPAY_API_BASE, overridable so a
 * live adapter can itself be tested against the sandbox).
 */
export function credentialsFor(account: LoadedChannelAccount): ChannelCredentials {
  const c = config();
  const test = account.mode === "test";
  const p = account.publicConfig;
  const s = account.secrets;
  if (account.provider === "alipay") {
    return {
      provider: "alipay",
      appId: p.appId!,
      privateKey: s.privateKey!,
      alipayPublicKey: p.alipayPublicKey!,
      gateway: test ? `${c.PUBLIC_BASE_URL}/sandbox/alipay/gateway.do` : c.ALIPAY_GATEWAY,
    };
  }
  return {
    provider: "wechatpay",
    appId: p.appId!,
    mchId: p.mchId!,
    serialNo: p.serialNo!,
    privateKey: s.privateKey!,
    apiV3Key: s.apiV3Key!,
    platformPublicKey: p.platformPublicKey!,
    platformPublicKeyId: p.platformPublicKeyId!,
    apiBase: test ? `${c.PUBLIC_BASE_URL}/sandbox/wechatpay` : c.WECHATPAY_API_BASE,
  };
}

export function channelFor(channelId: ChannelId, account: LoadedChannelAccount): PaymentChannel {
  if (providerOf(channelId) !== account.provider) throw new Error(`${channelId} cannot use a ${account.provider} account`);
  return getChannel(channelId, credentialsFor(account));
}

export function callbackUrl(account: Pick<LoadedChannelAccount, "id" | "provider">): string {
  return `${config().PUBLIC_BASE_URL}/api/callbacks/${account.provider}/${account.id}`;
}
