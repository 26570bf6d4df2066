import { startLocalCluster } from "./local-cluster";
import { CLUSTER_BASE_PORT } from "./ports";

/** Starts the cluster vitest.cluster.config.ts points REDIS_CLUSTER_NODES at, and stops it after the run. */
export default async function setup(): Promise<() => Promise<void>> {
  const cluster = await startLocalCluster(CLUSTER_BASE_PORT);
  return cluster.stop;
}
