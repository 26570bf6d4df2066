import { Cluster, Redis, type ClusterNode, type RedisOptions } from "ioredis";
import { config, type Config } from "./config";
import { processShared } from "./process-shared";

/** A single Redis or a Redis Cluster: the commands payrelay uses behave the same on both. */
export type RedisClient = Redis | Cluster;

/**
 * The command connection and its companions are the process's, whichever module graph asks
 * (lib/process-shared.ts): the web's callback path shares the routes' connection.
 */
const shared = processShared("redis", () => ({
  client: undefined as RedisClient | undefined,
  companions: new Set<RedisClient>(),
  closing: new WeakMap<RedisClient, () => void>(),
}));

/**
 * What every key of one installation starts with. On a Redis Cluster, its `REDIS_PREFIX` in a hash
 * tag (`{payrelay}:`): only the part in braces picks a key's slot, so every key of an installation
 * lives in one slot, and the limiters' and the sign-in throttle's multi-key scripts, the lock
 * pipelines and BullMQ's queue scripts (which build key names the caller never passes) work
 * unchanged (issue 18). The price is that one installation's keys sit on one master; they are small
 * (limiter counters, short-lived locks, queue entries; MySQL holds the outbox of record).
 * On a single Redis the prefix stays `payrelay:` as it always was: an upgrade must not orphan the
 * idempotency records of requests a client is about to retry, nor the queued jobs.
 */
export function redisKeyPrefix(prefix: string = config().REDIS_PREFIX, target: RedisTarget = redisTarget()): string {
  return target.kind === "cluster" ? `{${prefix}}:` : `${prefix}:`;
}

/** Where Redis is: `REDIS_CLUSTER_NODES` when set (cluster mode), `REDIS_URL` otherwise. */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "cluster"; nodes: ClusterNode[]; nodeOptions: RedisOptions };

export function redisTarget(env: Pick<Config, "REDIS_URL" | "REDIS_CLUSTER_NODES"> = config()): RedisTarget {
  if (!env.REDIS_CLUSTER_NODES) return { kind: "single", url: env.REDIS_URL };
  const entries = env.REDIS_CLUSTER_NODES.split(",").map((e) => e.trim()).filter(Boolean);
  let nodeOptions: RedisOptions = {};
  const nodes = entries.map((entry, i): ClusterNode => {
    const url = new URL(/^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`);
    if (i === 0) {
      nodeOptions = {
        username: url.username ? decodeURIComponent(url.username) : undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        tls: url.protocol === "rediss:" ? {} : undefined,
      };
    }
    return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 6379) };
  });
  return { kind: "cluster", nodes, nodeOptions };
}

export type ConnectOptions = {
  /** Prepended to every key by ioredis; BullMQ refuses a client with one (it takes `prefix`). */
  keyPrefix?: string;
  /** null: retry forever (BullMQ's blocking connections require it). */
  maxRetriesPerRequest?: number | null;
  connectTimeout?: number;
  lazyConnect?: boolean;
};

/** A new client for the configured target, single or cluster. The caller owns (and closes) it. */
export function connectRedis(options: ConnectOptions = {}, target: RedisTarget = redisTarget()): RedisClient {
  const { keyPrefix, maxRetriesPerRequest = 1, connectTimeout = 2000, lazyConnect } = options;
  if (target.kind === "single") {
    return new Redis(target.url, { keyPrefix, maxRetriesPerRequest, connectTimeout, lazyConnect });
  }
  return new Cluster(target.nodes, {
    keyPrefix,
    lazyConnect,
    // Slots move when an operator reshards or a replica takes over: follow MOVED/ASK and refresh.
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    redisOptions: { ...target.nodeOptions, maxRetriesPerRequest, connectTimeout },
  });
}

/**
 * The shared command connection. Commands issued while it (re)connects wait briefly, then fail after
 * one retry, so an API request answers an error instead of hanging while Redis is down. BullMQ makes
 * its own connections (lib/queue).
 */
export function redis(): RedisClient {
  if (!shared.client) {
    const client = connectRedis({ keyPrefix: redisKeyPrefix() });
    // ioredis emits connection errors as events; without a listener they would crash the process.
    // Added once, when the client is made: one per call leaked a listener per request.
    client.on("error", () => {});
    shared.client = client;
  }
  return shared.client;
}

/** Other long-lived connections of this process (the caches' subscribers), closed with the command connection. */
export function closeWithRedis(c: RedisClient, beforeClose?: () => void): void {
  shared.companions.add(c);
  if (beforeClose) shared.closing.set(c, beforeClose);
}

export async function closeRedis(): Promise<void> {
  const c = shared.client;
  shared.client = undefined;
  const others = [...shared.companions];
  shared.companions.clear();
  // Told now, not on the socket's close event a few ticks after quit() resolves.
  for (const x of others) shared.closing.get(x)?.();
  await Promise.all([c, ...others].map((x) => x && x.quit().catch(() => x.disconnect())));
}

/**
 * Every key of `prefix`'s installation, on every master of a cluster (a prefix's keys share one
 * slot, but which master holds it is the cluster's business). Used by tests and benchmarks to clean up.
 */
export async function deleteInstallationKeys(prefix: string, target: RedisTarget = redisTarget()): Promise<number> {
  const c = connectRedis({ lazyConnect: true }, target);
  c.on("error", () => {});
  let deleted = 0;
  try {
    await c.connect();
    const nodes: Redis[] = c instanceof Cluster ? c.nodes("master") : [c];
    const pattern = `${redisKeyPrefix(prefix, target).replace(/[*?[\]\\]/g, "\\$&")}*`;
    for (const node of nodes) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 500);
        cursor = next;
        // The pattern's keys share one slot (the hash tag), so one DEL may take them all, even on a cluster.
        if (keys.length > 0) deleted += await node.del(...keys);
      } while (cursor !== "0");
    }
  } finally {
    c.disconnect();
  }
  return deleted;
}
