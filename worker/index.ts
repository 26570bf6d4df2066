/**
 * The worker process: the only place BullMQ Workers run (worker/workers.ts). Started by `npm start`
 * beside the web app, or alone with `npm run start:worker`.
 */
import { loadDotEnv } from "../lib/env-file";
import { config } from "../lib/config";
import { logger } from "../lib/log";
import { closeRedis } from "../lib/redis";
import { closeDb } from "../lib/db/client";
import { closeQueues } from "../lib/queue";
import { startWorkers } from "./workers";
import { startMetricsServer } from "./metrics-server";

async function main() {
  process.env.PAYRELAY_PROCESS ??= "worker";
  loadDotEnv();
  config(); // fail fast on a bad environment
  const log = logger();
  const workers = await startWorkers(log);
  log.info({ queues: workers.map((w) => w.name) }, "worker ready");
  const { METRICS_TOKEN, WORKER_METRICS_HOST, WORKER_METRICS_PORT } = config();
  const metricsServer = METRICS_TOKEN ? await startMetricsServer({ host: WORKER_METRICS_HOST, port: WORKER_METRICS_PORT, log }) : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping: finishing in-flight jobs");
    // Worker.close() waits for running jobs to finish before resolving.
    await Promise.all(workers.map((w) => w.close()));
    metricsServer?.close();
    await closeQueues();
    await closeRedis();
    await closeDb();
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
