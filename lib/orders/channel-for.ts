import { config } from "../config";
import {
  getChannel,
  getNotificationVerifier,
  providerOf,
  type ChannelCredentials,
  type ChannelId,
  type NotificationVerifier,
  type PaymentChannel,
} from "../channels";
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
    additionalPlatformKeys: p.additionalPlatformPublicKey && p.additionalPlatformPublicKeyId ? [{ publicKey: p.additionalPlatformPublicKey, id: p.additionalPlatformPublicKeyId }] : [],
    apiBase: test ? `${c.PUBLIC_BASE_URL}/sandbox/wechatpay` : c.WECHATPAY_API_BASE,
  };
}

/**
 * Building an adapter parses keys and sets up SDK clients, which costs more than the rest of a
 * prepay; adapters are stateless, so one per (channel or provider, account, credential version, endpoint) is reused.
 */
const adapters = new Map<string, PaymentChannel | NotificationVerifier>();
const MAX_ADAPTERS = 1000;

function cached<T extends PaymentChannel | NotificationVerifier>(kind: string, account: LoadedChannelAccount, build: (c: ChannelCredentials) => T): T {
  const credentials = credentialsFor(account);
  const endpoint = credentials.provider === "alipay" ? credentials.gateway : credentials.apiBase;
  const key = `${kind}|${account.id}|v${account.version}|${endpoint}`;
  let adapter = adapters.get(key) as T | undefined;
  if (!adapter) {
    adapter = build(credentials);
    if (adapters.size >= MAX_ADAPTERS) adapters.delete(adapters.keys().next().value!);
    adapters.set(key, adapter);
  }
  return adapter;
}

/** The channel's calls (create, query, close) with the account's credentials. */
export function channelFor(channelId: ChannelId, account: LoadedChannelAccount): PaymentChannel {
  if (providerOf(channelId) !== account.provider) throw new Error(`${channelId} cannot use a ${account.provider} account`);
  return cached(channelId, account, (credentials) => getChannel(channelId, credentials));
}

/** The account's provider, reading notifications with the account's keys. */
export function notificationVerifierFor(account: LoadedChannelAccount): NotificationVerifier {
  return cached(account.provider, account, (credentials) => getNotificationVerifier(credentials));
}
