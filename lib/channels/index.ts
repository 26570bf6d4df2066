export * from "./types";
export { ChannelError } from "./errors";
export { CHANNEL_IDS, channelClosableUnopened, channelLimits, getChannel, getNotificationVerifier, getProvider, isChannelId, isProvider, nextAction, providerOf, type ChannelId } from "./registry";
