import { Redis } from "ioredis";
import { dropDatabase } from "../lib/db/migrate";

/** Removes this run's database and Redis keys (names come from playwright.config.ts via the environment). */
export default async function globalTeardown(): Promise<void> {
  const { DATABASE_URL, REDIS_URL, REDIS_PREFIX } = process.env;
  if (DATABASE_URL?.includes("/payrelay_e2e_")) await dropDatabase(DATABASE_URL);
  if (REDIS_URL && REDIS_PREFIX?.startsWith("payrelay_e2e_")) await deleteKeys(REDIS_URL, `${REDIS_PREFIX}:*`);
}

async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
