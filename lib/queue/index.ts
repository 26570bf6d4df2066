import { Queue, type ConnectionOptions } from "bullmq";
import { connectRedis, redisKeyPrefix, redisTarget, type RedisClient } from "../redis";

/** Queue names shared by the web app (which enqueues) and the worker (the only place Workers run). */
export const QUEUES = {
  /** The heartbeat only: `/api/health` reads it, so nothing slow may queue in front of it. */
  system: "system",
  /** The periodic sweeps (order expiry, reconciliation, the sandbox's trade expiry), which wait on channels. */
  sweeps: "sweeps",
  sandboxNotify: "sandbox-notify",
  /** Live webhook deliveries to merchants (lib/notify). */
  notify: "notify",
  /** Test-mode webhook deliveries: a lane of their own, so a test load never delays a live notification. */
  notifyTest: "notify-test",
} as const;

/** Where a delivery runs: live and test mode each have a queue, a worker and slots of their own. */
export type NotifyLane = "live" | "test";
export const laneOf = (livemode: boolean): NotifyLane => (livemode ? "live" : "test");
export const notifyQueueName = (lane: NotifyLane) => (lane === "live" ? QUEUES.notify : QUEUES.notifyTest);

export type SystemJob = { kind: "heartbeat" };
export type SweepJob = { kind: "sandbox-expire" } | { kind: "orders-expire" } | { kind: "orders-reconcile" } | { kind: "refunds-settle" };
export type SweepKind = SweepJob["kind"];

/** Cluster clients handed to BullMQ: it treats a client it was given as shared and never closes it. */
const clusterClients = new Set<RedisClient>();

/**
 * BullMQ's connection. For a single Redis, options (BullMQ makes and closes its own clients); for a
 * Redis Cluster, an ioredis Cluster client (BullMQ takes no cluster options), closed by closeQueues.
 * No key prefix on either: BullMQ refuses one and takes bullPrefix() instead.
 */
export function bullConnection(): ConnectionOptions {
  const target = redisTarget();
  if (target.kind === "cluster") {
    const c = connectRedis({ maxRetriesPerRequest: null, connectTimeout: 5000 }, target);
    c.on("error", () => {});
    clusterClients.add(c);
    return c;
  }
  const u = new URL(target.url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
  };
}

/** `payrelay:bull`, or `{payrelay}:bull` on a Redis Cluster: hash-tagged, as BullMQ requires there (every key of a queue in one slot). */
export function bullPrefix(): string {
  return `${redisKeyPrefix()}bull`;
}

const queues = new Map<string, Queue>();

export function queue<T = unknown>(name: string): Queue<T> {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: bullConnection(), prefix: bullPrefix() });
    q.on("error", () => {});
    queues.set(name, q);
  }
  return q as Queue<T>;
}

export async function closeQueues(): Promise<void> {
  const all = [...queues.values()];
  queues.clear();
  await Promise.all(all.map((q) => q.close()));
  const clients = [...clusterClients];
  clusterClients.clear();
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}
