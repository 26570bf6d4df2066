import { Worker } from "bullmq";
import type { Logger } from "pino";
import { redis } from "../lib/redis";
import { config } from "../lib/config";
import { QUEUES, bullConnection, bullPrefix, queue, type SweepJob, type SweepKind, type SystemJob } from "../lib/queue";
import { WORKER_HEARTBEAT_KEY } from "../lib/health/check-health";
import { deliverSandboxNotification, sandboxBackoff } from "../lib/sandbox/deliver";
import { enqueueSandboxNotifications, sandboxStore, type SandboxNotifyJob } from "../lib/sandbox/runtime";
import { expireDueTrades } from "../lib/sandbox/trades";
import { ensureSandboxIdentity } from "../lib/sandbox/provision";
import { expireDueOrders, reconcilePendingOrders } from "../lib/orders/sweeps";
import { settlePendingRefunds } from "../lib/refunds/sweeps";
import { startNotifyWorkers } from "./notify";
import { observeSweep } from "../lib/metrics/metrics";
import { withLock } from "../lib/redis-lock";

const SWEEP_KINDS: readonly SweepKind[] = ["orders-expire", "orders-reconcile", "refunds-settle", "sandbox-expire"];
/** Longer than any run can take (a batch of 100 at 8 at a time, each call capped by a 10 s timeout). */
const SWEEP_LOCK_MS = 10 * 60_000;

/**
 * One sweep run. A run that finds the previous one still going (a scheduler tick while channels
 * are slow, or another worker process) skips: two runs would only ask the channel twice.
 */
export async function runSweep(kind: SweepKind, log: Logger): Promise<void> {
  const ran = await withLock(`sweep:${kind}`, { ttlMs: SWEEP_LOCK_MS, waitMs: 0 }, async () => {
    const startedAt = new Date().toISOString();
    try {
      await sweepOnce(kind, log);
    } finally {
      // When it held the lock, to the millisecond: the scale test checks no two workers overlap.
      log.debug({ sweep: kind, startedAt, finishedAt: new Date().toISOString() }, "sweep ran");
    }
  });
  if (ran.busy) log.debug({ sweep: kind }, "previous sweep still running; skipped");
}

async function sweepOnce(kind: SweepKind, log: Logger): Promise<void> {
  switch (kind) {
    case "orders-expire": {
      const tally = await observeSweep(kind, () => expireDueOrders());
      if (tally.closed + tally.paid + tally.failed > 0) log.info(tally, "expired orders");
      return;
    }
    case "orders-reconcile": {
      const result = await observeSweep(kind, () => reconcilePendingOrders());
      if (result.checked > 0) log.info(result, "reconciled pending orders");
      return;
    }
    case "refunds-settle": {
      const tally = await observeSweep(kind, () => settlePendingRefunds());
      if (tally.checked > 0) log.info(tally, "settled pending refunds");
      return;
    }
    case "sandbox-expire": {
      await observeSweep(kind, async () => {
        const expired = await expireDueTrades(sandboxStore(), new Date());
        await enqueueSandboxNotifications(expired.flatMap((r) => r.notifications));
        return { expired: expired.length };
      });
      return;
    }
  }
}

/**
 * Every BullMQ Worker of payrelay. Used by worker/index.ts (the worker process) and by tests that
 * need the real delivery path in-process.
 */
export async function startWorkers(log: Logger): Promise<Worker[]> {
  const connection = bullConnection();
  const prefix = bullPrefix();
  const workers: Worker[] = [];

  // The heartbeat has a queue of its own: `/api/health` reads it, so a sweep waiting on a slow or
  // failing channel must never hold it up (issue 11: one merchant's dead credentials made every
  // sweep slow, and health turned red with them).
  const system = new Worker<SystemJob>(
    QUEUES.system,
    async (job) => {
      // Jobs of other kinds may be left on this queue by an older version (the sweeps ran here); they are dropped.
      if (job.data.kind === "heartbeat") await redis().set(WORKER_HEARTBEAT_KEY, new Date().toISOString(), "EX", 120);
    },
    { connection, prefix, concurrency: 1 },
  );
  workers.push(system);

  // One job per sweep kind at a time across all worker processes (the lock); the kinds run side by side.
  const sweeps = new Worker<SweepJob>(QUEUES.sweeps, async (job) => runSweep(job.data.kind, log), { connection, prefix, concurrency: SWEEP_KINDS.length });
  workers.push(sweeps);

  // A repeatable job has one schedule however many worker processes run.
  const systemQueue = queue<SystemJob>(QUEUES.system);
  const sweepQueue = queue<SweepJob>(QUEUES.sweeps);
  const keep = { removeOnComplete: true, removeOnFail: 100 };
  await systemQueue.upsertJobScheduler("heartbeat", { every: 15_000 }, { name: "heartbeat", data: { kind: "heartbeat" }, opts: keep });
  for (const kind of SWEEP_KINDS) await systemQueue.removeJobScheduler(kind); // where an older version scheduled them
  await sweepQueue.upsertJobScheduler("orders-expire", { every: 30_000 }, { name: "orders-expire", data: { kind: "orders-expire" }, opts: keep });
  await sweepQueue.upsertJobScheduler("orders-reconcile", { every: 60_000 }, { name: "orders-reconcile", data: { kind: "orders-reconcile" }, opts: keep });
  await sweepQueue.upsertJobScheduler("refunds-settle", { every: 15_000 }, { name: "refunds-settle", data: { kind: "refunds-settle" }, opts: keep });

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
    await sweepQueue.upsertJobScheduler(
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
