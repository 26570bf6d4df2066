import { createHash, timingSafeEqual } from "node:crypto";
import { Gauge } from "prom-client";
import { config } from "../config";
import { QUEUES, queue } from "../queue";
import { metrics } from "./metrics";

export type ScrapeAccess = "ok" | "disabled" | "unauthorized";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Whether a scrape may read the metrics: only with `Authorization: Bearer <METRICS_TOKEN>`, and not
 * at all when no token is configured. The comparison is of digests in constant time.
 */
export function scrapeAccess(authorization: string | null): ScrapeAccess {
  const token = config().METRICS_TOKEN;
  if (!token) return "disabled";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!presented) return "unauthorized";
  return timingSafeEqual(digest(presented), digest(token)) ? "ok" : "unauthorized";
}

const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "failed"] as const;
const QUEUE_SAMPLE_TIMEOUT_MS = 2000;

/**
 * Queue depths, sampled from Redis on each scrape (BullMQ getJobCounts). Registered by the web app
 * only: a backlog must stay visible while the workers that would drain it are down, and one process
 * reporting it keeps a sum over processes true.
 */
export function registerQueueDepths(): void {
  // Asked of the registry, not a module flag: the registry outlives a reloaded copy of this module.
  if (metrics().registry.getSingleMetric("payrelay_queue_jobs")) return;
  new Gauge({
    name: "payrelay_queue_jobs",
    help: "BullMQ jobs per queue and state, sampled at scrape time.",
    labelNames: ["queue", "state"] as const,
    registers: [metrics().registry],
    async collect() {
      this.reset();
      await Promise.all(
        Object.values(QUEUES).map(async (name) => {
          let timer: NodeJS.Timeout | undefined;
          try {
            const counts = await Promise.race([
              queue(name).getJobCounts(...QUEUE_STATES),
              new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error("timed out")), QUEUE_SAMPLE_TIMEOUT_MS);
              }),
            ]);
            for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          } catch {
            // Redis unreachable: the series goes missing for this scrape, which is what alerts key on.
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    },
  });
}

export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
