import { alipayH5 } from "./alipay/h5";
import { alipay } from "./alipay/notification";
import { alipayPc } from "./alipay/pc";
import { alipayQr } from "./alipay/qr";
import { ChannelError } from "./errors";
import type {
  ChannelCredentials,
  ChannelDefinition,
  ChannelLimits,
  ChannelOptions,
  NextAction,
  NotificationVerifier,
  PaymentChannel,
  Provider,
  ProviderDefinition,
} from "./types";
import { wechatH5 } from "./wechatpay/h5";
import { wechatJsapi } from "./wechatpay/jsapi";
import { wechatNative } from "./wechatpay/native";
import { wechatpay } from "./wechatpay/notification";

/** Every provider payrelay speaks to: one callback URL per channel account, whatever its channels. */
const PROVIDERS: { readonly [P in Provider]: ProviderDefinition<P> } = {
  alipay,
  wechatpay,
};

type AnyChannelDefinition = { [P in Provider]: ChannelDefinition<P> }[Provider];

/** Every channel payrelay offers. Adding one = a file with its definition + one line here. */
const CHANNELS = {
  alipay_h5: alipayH5,
  wechat_h5: wechatH5,
  wechat_jsapi: wechatJsapi,
  wechat_native: wechatNative,
  alipay_pc: alipayPc,
  alipay_qr: alipayQr,
} as const satisfies Record<string, AnyChannelDefinition>;

export type ChannelId = keyof typeof CHANNELS;

export const CHANNEL_IDS = Object.keys(CHANNELS) as ChannelId[];

export function isChannelId(value: string): value is ChannelId {
  return Object.hasOwn(CHANNELS, value);
}

export function isProvider(value: string): value is Provider {
  return Object.hasOwn(PROVIDERS, value);
}

const definition = (id: ChannelId): AnyChannelDefinition => CHANNELS[id];

export function providerOf(id: ChannelId): Provider {
  return definition(id).provider;
}

export function channelLimits(id: ChannelId): ChannelLimits {
  return definition(id).limits;
}

/** Whether creating a payment on this channel contacts nobody (ChannelDefinition.createsLocally). */
export function createsLocally(id: ChannelId): boolean {
  return definition(id).createsLocally === true;
}

/** Whether a close stops a payment the buyer has not opened yet (ChannelDefinition.closableUnopened). */
export function channelClosableUnopened(id: ChannelId): boolean {
  return definition(id).closableUnopened;
}

/**
 * What the buyer's page does with an order's pay parameters. Takes the channel as stored (any
 * string) so a row from the database needs no cast; null for an unknown channel or no parameters.
 */
export function nextAction(channel: string, payParams: Record<string, string> | null | undefined): NextAction | null {
  if (!payParams || !isChannelId(channel)) return null;
  return definition(channel).nextAction(payParams);
}

function checkProvider(wanted: Provider, credentials: ChannelCredentials, what: string): void {
  if (credentials.provider !== wanted) {
    throw new ChannelError("invalid_credentials", `${what} needs ${wanted} credentials, got ${credentials.provider}`, { createdAtChannel: "no" });
  }
}

/** The adapter for a channel, built from the credentials of a channel account of the right provider. */
export function getChannel(id: ChannelId, credentials: ChannelCredentials, options?: ChannelOptions): PaymentChannel {
  const entry = definition(id);
  checkProvider(entry.provider, credentials, id);
  // The check above pairs the credentials with the factory's provider; TS cannot follow it through the map.
  return (entry.create as (c: ChannelCredentials, o?: ChannelOptions) => PaymentChannel)(credentials, options);
}

/** A provider's answers and notification headers: what a callback needs before (or without) an account. */
export function getProvider(provider: Provider): Omit<ProviderDefinition, "verifier"> {
  return PROVIDERS[provider];
}

/** Reads a provider's notifications with one account's credentials. */
export function getNotificationVerifier(credentials: ChannelCredentials, options?: ChannelOptions): NotificationVerifier {
  const entry = PROVIDERS[credentials.provider] as ProviderDefinition;
  return (entry.verifier as (c: ChannelCredentials, o?: ChannelOptions) => NotificationVerifier)(credentials, options);
}
