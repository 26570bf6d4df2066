import { AlipayH5Channel } from "./alipay/h5";
import { ChannelError } from "./errors";
import type { AlipayCredentials, ChannelCredentials, ChannelId, ChannelOptions, PaymentChannel, Provider, WechatpayCredentials } from "./types";
import { WechatChannel } from "./wechatpay/channel";

/**
 * Every channel payrelay offers. Adding one = a folder with its adapter + one line here.
 * `provider` says which credentials (channel account) the channel is built from.
 */
const CHANNELS = {
  alipay_h5: { provider: "alipay", create: (c: AlipayCredentials, o?: ChannelOptions) => new AlipayH5Channel(c, o) },
  wechat_h5: { provider: "wechatpay", create: (c: WechatpayCredentials, o?: ChannelOptions) => new WechatChannel("wechat_h5", c, o) },
  wechat_jsapi: { provider: "wechatpay", create: (c: WechatpayCredentials, o?: ChannelOptions) => new WechatChannel("wechat_jsapi", c, o) },
} as const satisfies Record<ChannelId, { provider: Provider; create: (c: never, o?: ChannelOptions) => PaymentChannel }>;

export const CHANNEL_IDS = Object.keys(CHANNELS) as ChannelId[];

export function isChannelId(value: string): value is ChannelId {
  return Object.hasOwn(CHANNELS, value);
}

export function providerOf(id: ChannelId): Provider {
  return CHANNELS[id].provider;
}

/** The adapter for a channel, built from the credentials of a channel account of the right provider. */
export function getChannel(id: ChannelId, credentials: ChannelCredentials, options?: ChannelOptions): PaymentChannel {
  const entry = CHANNELS[id];
  if (credentials.provider !== entry.provider) {
    throw new ChannelError("invalid_credentials", `${id} needs ${entry.provider} credentials, got ${credentials.provider}`, { createdAtChannel: "no" });
  }
  // The check above pairs the credentials with the factory's provider; TS cannot follow it through the map.
  return (entry.create as (c: ChannelCredentials, o?: ChannelOptions) => PaymentChannel)(credentials, options);
}
