import { Redis } from "ioredis";
import { config } from "./config";

let client: Redis | undefined;

/**
 * The shared command connection. Commands issued while it (re)connects wait briefly, then fail after
 * one retry, so an API request answers an error instead of hanging while Redis is down. BullMQ makes
 * its own connections (lib/queue).
 */
export function redis(): Redis {
  if (!client) {
    client = new Redis(config().REDIS_URL, {
      keyPrefix: `${config().REDIS_PREFIX}:`,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    // ioredis emits connection errors as events; without a listener they would crash the process.
    // Added once, when the client is made: one per call leaked a listener per request.
    client.on("error", () => {});
  }
  return client;
}

export async function closeRedis(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.quit().catch(() => c.disconnect());
}
