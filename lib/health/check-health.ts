import { sql } from "drizzle-orm";
import { db } from "../db/client";
import { redis } from "../redis";

export const WORKER_HEARTBEAT_KEY = "worker:heartbeat";

type Check = { ok: boolean; latencyMs?: number; error?: string };
export type Health = {
  status: "ok" | "degraded";
  mysql: Check;
  redis: Check;
  worker: { ok: boolean; lastSeenAt: string | null };
};

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 2000))]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The message of a driver error can carry a host name but never a credential; keep it short.
    return { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : "unreachable" };
  }
}

/** MySQL and Redis reachability plus the worker's last heartbeat (written every 15 s). */
export async function checkHealth(): Promise<Health> {
  const [mysqlCheck, redisCheck] = await Promise.all([
    timed(() => db().execute(sql`SELECT 1`)),
    timed(() => redis().ping()),
  ]);
  let lastSeen: string | null = null;
  if (redisCheck.ok) lastSeen = await redis().get(WORKER_HEARTBEAT_KEY).catch(() => null);
  const workerOk = lastSeen !== null && Date.now() - Date.parse(lastSeen) < 60_000;
  return {
    status: mysqlCheck.ok && redisCheck.ok ? "ok" : "degraded",
    mysql: mysqlCheck,
    redis: redisCheck,
    worker: { ok: workerOk, lastSeenAt: lastSeen },
  };
}

/**
 * What an unauthenticated caller (a load balancer, anyone) sees: the same verdicts without the error
 * text, which can name hosts and ports. The operator's token (METRICS_TOKEN) shows it all.
 */
export function publicHealth(health: Health): Health {
  const bare = ({ ok, latencyMs }: Check): Check => (latencyMs === undefined ? { ok } : { ok, latencyMs });
  return { ...health, mysql: bare(health.mysql), redis: bare(health.redis) };
}
