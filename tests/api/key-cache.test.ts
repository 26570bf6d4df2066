import { describe, expect, it, beforeAll } from "vitest";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { newMerchant } from "../helpers/fixtures";
import { createApiKey, resolveApiKey } from "../../lib/api-keys/api-keys";
import { db } from "../../lib/db/client";
import { apiKeys } from "../../lib/db/schema";
import { closeRedis, redisKeyPrefix } from "../../lib/redis";

let m: Awaited<ReturnType<typeof newMerchant>>;
beforeAll(async () => {
  m = await newMerchant();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the key stops resolving; the time it took, or null past the deadline. */
async function refusedWithin(key: string, ms: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if ((await resolveApiKey(key)) === null) return Date.now() - start;
    await sleep(10);
  }
  return null;
}

/**
 * The process caches of issue 16 (lib/cache): a key is read from the database once, and a change
 * published by any process (here: a separate Redis connection, as another web process would)
 * drops it at once, not after a TTL.
 */
describe("API key cache", () => {
  it("serves a key from memory, and drops it the moment another process publishes a change", async () => {
    const key = await createApiKey(m.merchantId, "test", "secret");
    expect(await resolveApiKey(key.key)).toMatchObject({ keyId: key.id });
    await sleep(200); // the subscription is live once connected
    expect(await resolveApiKey(key.key)).toMatchObject({ keyId: key.id }); // now cached

    // Revoked behind the cache's back (no invalidation): the cached entry still answers, which
    // shows the cache is really in use...
    await db().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.id));
    expect(await resolveApiKey(key.key)).toMatchObject({ keyId: key.id });

    // ...until another process says keys changed: then it is refused at once.
    const other = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    try {
      await other.publish(`${redisKeyPrefix()}cache-invalidate`, "api-keys");
    } finally {
      other.disconnect();
    }
    const took = await refusedWithin(key.key, 1000);
    expect(took, "refused within a second").not.toBeNull();
  });

  it("reads through while it has no live subscription (a missed message cannot be told from none)", async () => {
    const key = await createApiKey(m.merchantId, "test", "secret");
    await resolveApiKey(key.key);
    await sleep(200);
    expect(await resolveApiKey(key.key)).not.toBeNull(); // cached
    // Revoked behind the cache's back (no message), then the subscription closes.
    await db().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.id));
    await closeRedis(); // the subscriber goes with the command connection
    // The change is seen at once: from the moment the subscription is closing, nothing is served
    // from memory (before, the cache counted as live until the socket's close event, a few ticks on).
    expect(await resolveApiKey(key.key)).toBeNull();
  });
});
