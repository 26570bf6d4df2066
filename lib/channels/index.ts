export * from "./types";
export { ChannelError } from "./errors";
export { CHANNEL_IDS, channelClosableUnopened, channelLimits, createsLocally, getChannel, getNotificationVerifier, getProvider, isChannelId, isProvider, nextAction, providerOf, type ChannelId } from "./registry";
