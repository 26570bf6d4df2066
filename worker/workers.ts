import { Worker } from "bullmq";
import type { Logger } from "pino";
import { redis } from "../lib/redis";
import { config } from "../lib/config";
import { QUEUES, bullConnection, bullPrefix, queue, type SystemJob } from "../lib/queue";
import { WORKER_HEARTBEAT_KEY } from "../lib/health/check-health";
import { deliverSandboxNotification, sandboxBackoff } from "../lib/sandbox/deliver";
import { enqueueSandboxNotifications, sandboxStore, type SandboxNotifyJob } from "../lib/sandbox/runtime";
import { expireDueTrades } from "../lib/sandbox/trades";
import { ensureSandboxIdentity } from "../lib/sandbox/provision";
import { expireDueOrders, reconcilePendingOrders } from "../lib/orders/sweeps";
import { settlePendingRefunds } from "../lib/refunds/sweeps";
import { startNotifyWorkers } from "./notify";
import { observeSweep } from "../lib/metrics/metrics";

/**
 * Every BullMQ Worker of payrelay. Used by worker/index.ts (the worker process) and by tests that
 * need the real delivery path in-process.
 */
export async function startWorkers(log: Logger): Promise<Worker[]> {
  const connection = bullConnection();
  const prefix = bullPrefix();
  const workers: Worker[] = [];

  const system = new Worker<SystemJob>(
    QUEUES.system,
    async (job) => {
      switch (job.data.kind) {
        case "heartbeat":
          await redis().set(WORKER_HEARTBEAT_KEY, new Date().toISOString(), "EX", 120);
          return;
        case "orders-expire": {
          const tally = await observeSweep("orders-expire", () => expireDueOrders());
          if (tally.closed + tally.paid + tally.failed > 0) log.info(tally, "expired orders");
          return;
        }
        case "orders-reconcile": {
          const result = await observeSweep("orders-reconcile", () => reconcilePendingOrders());
          if (result.checked > 0) log.info(result, "reconciled pending orders");
          return;
        }
        case "refunds-settle": {
          const tally = await observeSweep("refunds-settle", () => settlePendingRefunds());
          if (tally.checked > 0) log.info(tally, "settled pending refunds");
          return;
        }
        case "sandbox-expire": {
          await observeSweep("sandbox-expire", async () => {
            const expired = await expireDueTrades(sandboxStore(), new Date());
            await enqueueSandboxNotifications(expired.flatMap((r) => r.notifications));
            return { expired: expired.length };
          });
          return;
        }
      }
    },
    { connection, prefix, concurrency: 1 },
  );
  workers.push(system);

  // A repeatable job has one schedule however many worker processes run.
  const systemQueue = queue<SystemJob>(QUEUES.system);
  const keep = { removeOnComplete: true, removeOnFail: 100 };
  await systemQueue.upsertJobScheduler("heartbeat", { every: 15_000 }, { name: "heartbeat", data: { kind: "heartbeat" }, opts: keep });
  await systemQueue.upsertJobScheduler("orders-expire", { every: 30_000 }, { name: "orders-expire", data: { kind: "orders-expire" }, opts: keep });
  await systemQueue.upsertJobScheduler("orders-reconcile", { every: 60_000 }, { name: "orders-reconcile", data: { kind: "orders-reconcile" }, opts: keep });
  await systemQueue.upsertJobScheduler("refunds-settle", { every: 15_000 }, { name: "refunds-settle", data: { kind: "refunds-settle" }, opts: keep });

  if (config().SANDBOX_ENABLED) {
    await ensureSandboxIdentity(sandboxStore());
    const sandboxNotify = new Worker<SandboxNotifyJob>(
      QUEUES.sandboxNotify,
      async (job) => deliverSandboxNotification(job.data, job.attemptsMade + 1, log),
      {
        connection,
        prefix,
        concurrency: 20,
        // The lock outlasts the 10 s request timeout, so a slow receiver is never sent the same attempt twice at once.
        lockDuration: 30_000,
        settings: { backoffStrategy: (attemptsMade, _type, _err, job) => sandboxBackoff(attemptsMade, job!.data as SandboxNotifyJob) },
      },
    );
    workers.push(sandboxNotify);
    await systemQueue.upsertJobScheduler(
      "sandbox-expire",
      { every: 30_000 },
      { name: "sandbox-expire", data: { kind: "sandbox-expire" }, opts: keep },
    );
  }

  workers.push(...(await startNotifyWorkers(log)));

  for (const w of workers) w.on("error", (error) => log.error({ err: error, queue: w.name }, "worker error"));
  await redis().set(WORKER_HEARTBEAT_KEY, new Date().toISOString(), "EX", 120).catch(() => {});
  return workers;
}
