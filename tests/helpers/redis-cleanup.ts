import { deleteInstallationKeys, redisTarget } from "../../lib/redis";

/** Deletes every key of a test file's prefix (on every master when REDIS_CLUSTER_NODES names a cluster). */
export async function redisForCleanup(prefix: string): Promise<void> {
  const target = redisTarget({
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_CLUSTER_NODES: process.env.REDIS_CLUSTER_NODES || undefined,
  });
  await deleteInstallationKeys(prefix, target);
}
