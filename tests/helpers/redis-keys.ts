import { Cluster } from "ioredis";
import { redis, redisKeyPrefix } from "../../lib/redis";

/**
 * The keys of this installation matching `pattern` (after the prefix), without the prefix, so they
 * can be passed back to redis(). Scans every master on a cluster, where KEYS would ask one node only.
 */
export async function installationKeys(pattern: string): Promise<string[]> {
  const client = redis();
  const prefix = redisKeyPrefix();
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  const out: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", `${prefix}${pattern}`, "COUNT", 500);
      cursor = next;
      out.push(...keys.map((k) => k.slice(prefix.length)));
    } while (cursor !== "0");
  }
  return out;
}
