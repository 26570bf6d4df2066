export * from "./merchants";
export * from "./api-keys";
export * from "./channel-accounts";
export * from "./goods";
export * from "./orders";
export * from "./events";
export * from "./sandbox";
export * from "./callbacks";
