import { Queue, Worker } from "bullmq";
import type { Logger } from "pino";
import { config } from "../lib/config";
import { QUEUES, bullConnection, bullPrefix } from "../lib/queue";
import { deliverDue, deliverEvent, type Retry } from "../lib/notify/deliver";
import { deliveryJob, type NotifyJob } from "../lib/queue/notify-jobs";
import { relayOnce, relayTimings } from "../lib/events/relay";
import { JOB_LOCK_MS } from "../lib/notify/schedule";

/**
 * The webhook worker: runs deliveries (the web's after-commit event jobs, scheduled retries, the
 * relay's re-adds) and the outbox relay. It adds jobs through its own Queue, independent of the web
 * side's (lib/queue `queue()`).
 */
export async function startNotifyWorkers(log: Logger): Promise<Worker[]> {
  const connection = bullConnection();
  const prefix = bullPrefix();
  const notifyQueue = new Queue<NotifyJob>(QUEUES.notify, { connection, prefix });
  notifyQueue.on("error", (error) => log.warn({ err: error, queue: notifyQueue.name }, "queue error"));

  const schedule = async (retries: Retry[]) => {
    if (retries.length === 0) return;
    const now = Date.now();
    // If this add fails, the delivery stays pending in the database and the relay finds it overdue.
    await notifyQueue.addBulk(retries.map((r) => deliveryJob(r.deliveryId, `a${r.attempt}`, r.at.getTime() - now)));
  };

  const notify = new Worker<NotifyJob>(
    QUEUES.notify,
    async (job) => {
      await schedule(job.data.kind === "event" ? await deliverEvent(job.data.eventId, log) : await deliverDue(job.data.deliveryId, log));
    },
    {
      connection,
      prefix,
      concurrency: config().NOTIFY_CONCURRENCY,
      // The lock outlasts the 10 s HTTP timeout (and the delivery's claim lease), so BullMQ never
      // thinks a job waiting on a slow receiver has stalled and hands it to a second worker.
      lockDuration: JOB_LOCK_MS,
    },
  );

  // The relay is a plain timer in every worker process rather than a BullMQ repeatable job: a
  // repeatable job that was active in a SIGKILLed worker stays stuck until BullMQ declares it
  // stalled (a minute), and the relay exists precisely to recover from such crashes. Several
  // processes relaying at once is harmless (job ids collapse, claims are compare-and-set).
  let relayTimer: NodeJS.Timeout | undefined;
  let relaying: Promise<void> = Promise.resolve();
  const relayLoop = () => {
    relaying = relayOnce(notifyQueue)
      .then((moved) => {
        if (moved.events + moved.deliveries > 0) log.info(moved, "notify relay re-enqueued late work");
      })
      .catch((error: unknown) => log.warn({ err: error }, "notify relay pass failed; next pass retries"))
      .finally(() => {
        if (relayTimer) relayTimer = setTimeout(relayLoop, relayTimings().intervalMs);
      });
  };
  relayTimer = setTimeout(relayLoop, 0);
  notify.on("closing", () => {
    clearTimeout(relayTimer);
    relayTimer = undefined;
  });

  // Worker.close() waits for in-flight deliveries; the queue goes once nothing can add to it.
  notify.on("closed", () => void relaying.finally(() => notifyQueue.close().catch(() => {})));
  return [notify];
}
