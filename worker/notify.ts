import { Queue, Worker } from "bullmq";
import type { Logger } from "pino";
import { config } from "../lib/config";
import { bullConnection, bullPrefix, notifyQueueName, type NotifyLane } from "../lib/queue";
import { deliverDue, deliverEvent, type Retry } from "../lib/notify/deliver";
import { deliveryJob, type NotifyJob } from "../lib/queue/notify-jobs";
import { relayOnce, relayTimings } from "../lib/events/relay";
import { and, inArray, isNull } from "drizzle-orm";
import { db } from "../lib/db/client";
import { events } from "../lib/db/schema";
import { microBatch } from "../lib/micro-batch";
import { JOB_LOCK_MS } from "../lib/notify/schedule";
import { parkedAmong, wakeIdle } from "../lib/notify/slots";
import { queueWoken } from "../lib/notify/claim";

const LANES: readonly NotifyLane[] = ["live", "test"];

/**
 * The mark that an event's job reached a worker, which the relay reads (lib/events/relay.ts); the
 * web no longer writes it after its enqueue (issue 16: one durable commit less per request). Many
 * per statement: a busy worker takes dozens of event jobs at once.
 */
const markEnqueuedSoon = microBatch<string, void>(async (eventIds) => {
  await db()
    .update(events)
    .set({ enqueuedAt: new Date() })
    .where(and(inArray(events.id, eventIds), isNull(events.enqueuedAt)));
  return eventIds.map(() => undefined);
});

/**
 * The webhook workers, one per lane (live: `notify`, NOTIFY_CONCURRENCY; test: `notify-test`,
 * NOTIFY_TEST_CONCURRENCY), so a flood of test-mode events never queues in front of a live one.
 * They run deliveries (the web's after-commit event jobs, scheduled retries, woken parked
 * deliveries, the relay's re-adds) and the outbox relay. They add jobs through their own Queues,
 * independent of the web side's (lib/queue `queue()`).
 */
export async function startNotifyWorkers(log: Logger): Promise<Worker[]> {
  const connection = bullConnection();
  const prefix = bullPrefix();
  const queues = Object.fromEntries(
    LANES.map((lane) => {
      const q = new Queue<NotifyJob>(notifyQueueName(lane), { connection, prefix });
      q.on("error", (error) => log.warn({ err: error, queue: q.name }, "queue error"));
      return [lane, q];
    }),
  ) as Record<NotifyLane, Queue<NotifyJob>>;

  const schedule = async (retries: Retry[]) => {
    if (retries.length === 0) return;
    const now = Date.now();
    // If this add fails, the delivery stays pending in the database and the relay finds it overdue.
    for (const lane of LANES) {
      const mine = retries.filter((r) => r.lane === lane);
      if (mine.length > 0) await queues[lane].addBulk(mine.map((r) => deliveryJob(r.deliveryId, `a${r.attempt}`, r.at.getTime() - now)));
    }
  };

  const workers = LANES.map(
    (lane) =>
      new Worker<NotifyJob>(
        notifyQueueName(lane),
        async (job) => {
          if (job.data.kind === "event") {
            // The web no longer writes enqueuedAt after its enqueue (issue 16); the relay reads it. Not
            // awaited: the delivery need not wait for it, and if it fails the relay's re-add collapses.
            markEnqueuedSoon(job.data.eventId).catch((error: unknown) => log.warn({ err: error }, "could not mark event enqueued"));
            await schedule(await deliverEvent(job.data.eventId, lane, log));
          } else {
            await schedule(await deliverDue(job.data.deliveryId, lane, log));
          }
        },
        {
          connection,
          prefix,
          concurrency: lane === "live" ? config().NOTIFY_CONCURRENCY : config().NOTIFY_TEST_CONCURRENCY,
          // The lock outlasts the 10 s HTTP timeout (and the delivery's claim lease), so BullMQ never
          // thinks a job waiting on a slow receiver has stalled and hands it to a second worker.
          lockDuration: JOB_LOCK_MS,
        },
      ),
  );
  const [live] = workers;

  // The relay is a plain timer in every worker process rather than a BullMQ repeatable job: a
  // repeatable job that was active in a SIGKILLed worker stays stuck until BullMQ declares it
  // stalled (a minute), and the relay exists precisely to recover from such crashes. Several
  // processes relaying at once is harmless (job ids collapse, claims are compare-and-set).
  let relayTimer: NodeJS.Timeout | undefined;
  let relaying: Promise<void> = Promise.resolve();
  const relayLoop = () => {
    relaying = relayOnce(queues, parkedAmong)
      .then(async (moved) => {
        // Slots nobody released (a worker killed mid-attempt, a reservation given up) go on to their waiters.
        const woken = (await Promise.all(LANES.map(async (lane) => (await wakeIdle(lane)).map((deliveryId) => ({ lane, deliveryId }))))).flat();
        await queueWoken(woken);
        if (moved.events + moved.deliveries + woken.length > 0) log.info({ ...moved, woken: woken.length }, "notify relay re-enqueued late work");
      })
      .catch((error: unknown) => log.warn({ err: error }, "notify relay pass failed; next pass retries"))
      .finally(() => {
        if (relayTimer) relayTimer = setTimeout(relayLoop, relayTimings().intervalMs);
      });
  };
  relayTimer = setTimeout(relayLoop, 0);
  live!.on("closing", () => {
    clearTimeout(relayTimer);
    relayTimer = undefined;
  });

  // Worker.close() waits for in-flight deliveries; the queues go once nothing can add to them.
  const closed = Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once("closed", () => resolve()))));
  void closed.then(() => relaying.finally(() => Promise.all(LANES.map((lane) => queues[lane].close())).catch(() => {})));
  return workers;
}
