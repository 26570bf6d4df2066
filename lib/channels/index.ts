export * from "./types";
export { ChannelError } from "./errors";
export { CHANNEL_IDS, getChannel, isChannelId, providerOf } from "./registry";
