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
  const { METRICS_TOKEN, WORKER_METRICS_HOST, WORKER_METRICS_PORT } = config();

  // The handlers come before anything starts: the first workers take jobs while the rest are still
  // being set up, and a SIGTERM then must wait for them rather than kill the process mid-delivery.
  const started = startWorkers(log);
  let metricsServer: Promise<{ close(): unknown } | null> = Promise.resolve(null);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping: finishing in-flight jobs");
    // A start that fails exits through main's catch; until then, stop what it started.
    const workers = await started;
    // Worker.close() waits for running jobs to finish before resolving.
    await Promise.all(workers.map((w) => w.close()));
    (await metricsServer)?.close();
    await closeQueues();
    await closeRedis();
    await closeDb();
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const workers = await started;
  log.info({ queues: workers.map((w) => w.name) }, "worker ready");
  if (METRICS_TOKEN) {
    metricsServer = startMetricsServer({ host: WORKER_METRICS_HOST, port: WORKER_METRICS_PORT, log });
    await metricsServer;
  }
}

main().catch((error: unknown) => {
  // drizzle's "Failed query" says what was asked; its cause says what went wrong.
  console.error(error instanceof Error ? `${error.message}${error.cause instanceof Error ? `\n${error.cause.message}` : ""}` : error);
  process.exit(1);
});
