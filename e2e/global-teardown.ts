import { dropDatabase } from "../lib/db/migrate";
import { deleteInstallationKeys, redisTarget } from "../lib/redis";

/** Removes this run's database and Redis keys (names come from playwright.config.ts via the environment). */
export default async function globalTeardown(): Promise<void> {
  const { DATABASE_URL, REDIS_URL, REDIS_PREFIX, REDIS_CLUSTER_NODES } = process.env;
  if (DATABASE_URL?.includes("/payrelay_e2e_")) await dropDatabase(DATABASE_URL);
  if (REDIS_URL && REDIS_PREFIX?.startsWith("payrelay_e2e_")) {
    await deleteInstallationKeys(REDIS_PREFIX, redisTarget({ REDIS_URL, REDIS_CLUSTER_NODES: REDIS_CLUSTER_NODES || undefined }));
  }
}
