/**
 * `npm run bench:notify`: webhook delivery through the real worker process (worker/index.ts) to a
 * local receiver, beside a bare BullMQ no-op Worker in the same run, so the ratio says what
 * payrelay's own work (claim, signing, HTTP, recording the attempt) costs on top of BullMQ.
 *   1. no-op: N jobs already queued, one Worker at NOTIFY_CONCURRENCY; jobs/s.
 *   2. throughput: N events committed and enqueued first, then the worker process starts;
 *      deliveries/s from the first receipt to the last (start-up excluded).
 *   3. latency: events committed one per transaction at RATE/s for SECONDS; p50/p99 from commit to
 *      the receiver reading the request.
 *   4. fairness (issue 12): merchant B's p99 commit → receipt at FAIR_RATE/s for FAIR_SECONDS,
 *      unloaded, then while merchant A's two endpoints answer after SLOW_MS (9 s) and A has a
 *      backlog of SLOW_BACKLOG events and keeps adding SLOW_RATE/s. Target: within 2× unloaded.
 * Phases 2 and 3 spread their events over BENCH_MERCHANTS (20) merchants, each with an endpoint host
 * of its own (the caps hold one merchant to NOTIFY_MAX_PER_HOST requests in flight per host).
 * All live mode (the `notify` lane at NOTIFY_CONCURRENCY). Options (environment): BENCH_EVENTS
 * (10000), BENCH_RATE (200), BENCH_SECONDS (10), BENCH_FAIR_RATE (50), BENCH_FAIR_SECONDS (15),
 * BENCH_SLOW_MS (9000), BENCH_SLOW_BACKLOG (2000), BENCH_SLOW_RATE (10), NOTIFY_CONCURRENCY (200), NOTIFY_MAX_PER_MERCHANT
 * (20), NOTIFY_MAX_PER_HOST (10). `--record` appends the figures to docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const N = Number(process.env.BENCH_EVENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.NOTIFY_CONCURRENCY ?? 200);
const FAIR_RATE = Number(process.env.BENCH_FAIR_RATE ?? 50);
const FAIR_SECONDS = Number(process.env.BENCH_FAIR_SECONDS ?? 15);
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 9_000);
const SLOW_BACKLOG = Number(process.env.BENCH_SLOW_BACKLOG ?? 2_000);
const SLOW_RATE = Number(process.env.BENCH_SLOW_RATE ?? 10);
const PER_MERCHANT = Number(process.env.NOTIFY_MAX_PER_MERCHANT ?? 20);
const PER_HOST = Number(process.env.NOTIFY_MAX_PER_HOST ?? 10);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 20);
const run = Date.now();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: `mysql://root@127.0.0.1:3306/payrelay_bench_notify_${run}`,
  REDIS_PREFIX: `bench_notify_${run}`,
  PAYRELAY_MASTER_KEY: randomBytes(32).toString("base64"),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  NOTIFY_ALLOW_PRIVATE_HOSTS: "1",
  NOTIFY_CONCURRENCY: String(CONCURRENCY),
  NOTIFY_MAX_PER_MERCHANT: String(PER_MERCHANT),
  NOTIFY_MAX_PER_HOST: String(PER_HOST),
  // The worker writes one JSON line per attempt in production too, but to a file or a collector.
  LOG_LEVEL: "warn",
  TZ: "Asia/Shanghai",
};
for (const [k, v] of Object.entries(env)) process.env[k] = v;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const { migrateDatabase, dropDatabase } = await import("../lib/db/migrate");
  const { db, closeDb } = await import("../lib/db/client");
  const { recordEvent, enqueueEvents } = await import("../lib/events/outbox");
  const { bullConnection, bullPrefix, closeQueues } = await import("../lib/queue");
  const { closeRedis } = await import("../lib/redis");
  const { Queue, Worker } = await import("bullmq");

  await migrateDatabase(env.DATABASE_URL!);
  const received = new Map<string, number>();
  // One receiver (port) per merchant of phases 2 and 3, plus merchant B's: each is a host of its own.
  const receivers = await Promise.all(
    Array.from({ length: MERCHANTS + 1 }, async () => {
      const server = createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          const id = req.headers["webhook-id"];
          if (typeof id === "string" && !received.has(id)) received.set(id, performance.timeOrigin + performance.now());
          res.writeHead(204).end();
        });
      });
      server.keepAliveTimeout = 60_000;
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return server;
    }),
  );
  const urls = receivers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`);
  const url = urls[MERCHANTS]!;

  let worker: ChildProcess | undefined;
  const slowReceivers: { close(): Promise<void> }[] = [];
  type Write = (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) => Promise<string>;
  /** Commits one event per transaction at `rate`/s for `seconds`, each handed over after commit; answers id → commit time. */
  const steady = async (writeOne: Write, rate: number, seconds: number): Promise<Map<string, number>> => {
    const commits = new Map<string, number>();
    const total = rate * seconds;
    const started = performance.now();
    let sent = 0;
    const inflight: Promise<void>[] = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) {
        inflight.push(
          (async () => {
            const id = await db().transaction((tx) => writeOne(tx));
            commits.set(id, performance.timeOrigin + performance.now());
            await enqueueEvents([{ id, livemode: true }]);
          })(),
        );
      }
      await sleep(2);
    }
    await Promise.all(inflight);
    return commits;
  };
  const waitReceived = async (commits: Map<string, number>) => {
    const deadline = Date.now() + 60_000;
    while ([...commits.keys()].some((id) => !received.has(id)) && Date.now() < deadline) await sleep(50);
  };
  const latenciesOf = (commits: Map<string, number>) => [...commits].map(([id, t]) => (received.get(id) ?? NaN) - t).sort((a, b) => a - b);
  const missingOf = (commits: Map<string, number>) => latenciesOf(commits).filter((l) => Number.isNaN(l)).length;
  try {
    const { loadShop, countingReceiver } = await import("../tests/helpers/notify-load");
    // Phases 2 and 3 spread over MERCHANTS merchants, each with its own endpoint host: the figure is
    // the worker's, not one merchant's (one merchant to one host is held to NOTIFY_MAX_PER_HOST in flight).
    const shops: Awaited<ReturnType<typeof loadShop>>[] = [];
    for (let i = 0; i < MERCHANTS; i++) shops.push(await loadShop(`Bench ${i}`, true, urls[i]!));
    let next = 0;
    const write: Write = (tx) => {
      const shop = shops[next++ % shops.length]!;
      return recordEvent(tx, { merchantId: shop.merchantId, livemode: true, type: "order.created", orderId: shop.orderId, data: shop.data });
    };

    // 1. bare BullMQ no-op
    const connection = bullConnection();
    const prefix = bullPrefix();
    const noopQueue = new Queue("bench-noop", { connection, prefix });
    for (let i = 0; i < N; i += 1000) {
      await noopQueue.addBulk(Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({ name: "noop", data: { i: i + j }, opts: { removeOnComplete: true } })));
    }
    let done = 0;
    const noopStart = performance.now();
    let resolveDone: (t: number) => void = () => {};
    const finished = new Promise<number>((resolve) => (resolveDone = resolve));
    const noopWorker = new Worker("bench-noop", async () => {}, { connection, prefix, concurrency: CONCURRENCY });
    noopWorker.on("completed", () => {
      if (++done === N) resolveDone(performance.now());
    });
    const noopEnd = await finished;
    await noopWorker.close();
    const noopRate = Math.round(N / ((noopEnd - noopStart) / 1000));
    await noopQueue.obliterate({ force: true }).catch(() => {});
    await noopQueue.close();
    console.log(`no-op BullMQ: ${noopRate} jobs/s`);

    // 2. throughput: a backlog of N committed, enqueued events, then the worker starts.
    const backlog: string[] = [];
    for (let i = 0; i < N; i += 100) {
      const ids = await db().transaction(async (tx) => {
        const out: string[] = [];
        for (let j = 0; j < Math.min(100, N - i); j++) out.push(await write(tx));
        return out;
      });
      await enqueueEvents(ids.map((id) => ({ id, livemode: true })));
      backlog.push(...ids);
    }
    // node --import tsx: one process (no tsx wrapper), so BENCH_WORKER_NODE_ARGS (e.g. --cpu-prof) reach the worker.
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    worker = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(ROOT, "worker/index.ts")], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    while (received.size < N) {
      await sleep(50);
      if (worker.exitCode !== null) throw new Error("the worker exited");
    }
    const times = backlog.map((id) => received.get(id)!).sort((a, b) => a - b);
    const deliveriesPerSec = Math.round((N - 1) / ((times.at(-1)! - times[0]!) / 1000));
    console.log(`throughput: ${deliveriesPerSec} deliveries/s (${N} events, concurrency ${CONCURRENCY})`);

    // 3. latency at a steady RATE.
    const commits = await steady(write, RATE, SECONDS);
    await waitReceived(commits);
    const latencies = latenciesOf(commits);
    const missing = missingOf(commits);
    const p50 = percentile(latencies, 50).toFixed(1);
    const p99 = percentile(latencies, 99).toFixed(1);
    console.log(`latency at ${RATE} events/s for ${SECONDS} s: p50 ${p50} ms, p99 ${p99} ms${missing ? `, ${missing} not received` : ""}`);

    // 4. fairness: merchant B unloaded, then beside a slow merchant A with a backlog.
    const slowA1 = await countingReceiver(SLOW_MS);
    const slowA2 = await countingReceiver(SLOW_MS);
    slowReceivers.push(slowA1, slowA2);
    const shopB = await loadShop("Bench B", true, url);
    const shopA1 = await loadShop("Bench A", true, slowA1.url);
    const shopA2 = await loadShop("Bench A", true, slowA2.url, shopA1.merchantId);
    const writeFor = (shop: typeof shopB) => (tx: Parameters<typeof write>[0]) =>
      recordEvent(tx, { merchantId: shop.merchantId, livemode: true, type: "order.created", orderId: shop.orderId, data: shop.data });
    const aOpen = () => slowA1.open + slowA2.open;

    const unloaded = await steady(writeFor(shopB), FAIR_RATE, FAIR_SECONDS);
    await waitReceived(unloaded);
    const p99Unloaded = percentile(latenciesOf(unloaded), 99);
    console.log(`merchant B alone at ${FAIR_RATE} events/s for ${FAIR_SECONDS} s: p99 ${p99Unloaded.toFixed(1)} ms`);

    // A's heavy backlog, on its two endpoints, committed and handed over; then A keeps adding events.
    for (let i = 0; i < SLOW_BACKLOG; i += 100) {
      const ids = await db().transaction(async (tx) => {
        const out: string[] = [];
        for (let j = 0; j < Math.min(100, SLOW_BACKLOG - i); j++) out.push(await writeFor(j % 2 ? shopA2 : shopA1)(tx));
        return out;
      });
      await enqueueEvents(ids.map((id) => ({ id, livemode: true })));
    }
    const aFull = Math.min(PER_MERCHANT, 2 * PER_HOST);
    const fullBy = Date.now() + 30_000;
    while (aOpen() < aFull && Date.now() < fullBy) await sleep(20);
    // The backlog's jobs are claimed and parked (A has no free slot) before B is measured: the
    // figure is B beside a slow merchant, not B queued behind one burst of hand-overs.
    const liveQueue = new Queue("notify", { connection, prefix });
    while ((await liveQueue.getWaitingCount()) + (await liveQueue.getActiveCount()) > aFull + 10 && Date.now() < fullBy + 30_000) await sleep(50);
    await liveQueue.close();
    console.log(`merchant A: backlog of ${SLOW_BACKLOG}, ${aOpen()} requests held open at its endpoints (answers after ${SLOW_MS} ms)`);
    const [loaded] = await Promise.all([
      steady(writeFor(shopB), FAIR_RATE, FAIR_SECONDS),
      SLOW_RATE > 0 ? steady((tx) => writeFor(Math.random() < 0.5 ? shopA1 : shopA2)(tx), SLOW_RATE, FAIR_SECONDS) : null,
    ]);
    await waitReceived(loaded);
    const p99Loaded = percentile(latenciesOf(loaded), 99);
    const ratio = p99Loaded / p99Unloaded;
    console.log(
      `merchant B beside slow A: p99 ${p99Loaded.toFixed(1)} ms (${ratio.toFixed(2)}× unloaded; target ≤ 2×)` +
        `${missingOf(loaded) ? `, ${missingOf(loaded)} not received` : ""}; A at most ${slowA1.maxOpen} + ${slowA2.maxOpen} requests open at once`,
    );

    const lines = [
      `| measure | figure | target |`,
      `|---|---|---|`,
      `| bare BullMQ no-op Worker (concurrency ${CONCURRENCY}) | ${noopRate} jobs/s | (reference) |`,
      `| webhook deliveries, one worker process (concurrency ${CONCURRENCY}, backlog of ${N} over ${MERCHANTS} merchants) | ${deliveriesPerSec} deliveries/s | ≥ 1,500 |`,
      `| commit → receipt at ${RATE} events/s (${MERCHANTS} merchants) for ${SECONDS} s, p50 | ${p50} ms | |`,
      `| commit → receipt at ${RATE} events/s (${MERCHANTS} merchants) for ${SECONDS} s, p99 | ${p99} ms | < 100 ms |`,
      `| merchant B alone, ${FAIR_RATE} events/s for ${FAIR_SECONDS} s: commit → receipt p99 | ${p99Unloaded.toFixed(1)} ms | (reference) |`,
      `| merchant B while merchant A (backlog ${SLOW_BACKLOG}, +${SLOW_RATE}/s, two endpoints answering after ${SLOW_MS / 1000} s) is served: p99 | ${p99Loaded.toFixed(1)} ms = ${ratio.toFixed(2)}× alone${missingOf(loaded) ? `, ${missingOf(loaded)} not received` : ""} | ≤ 2× |`,
      `| merchant A's requests open at once (per-merchant cap ${PER_MERCHANT}, per-host cap ${PER_HOST}) | ${slowA1.maxOpen} + ${slowA2.maxOpen} | ≤ ${PER_HOST} each, ≤ ${PER_MERCHANT} in all |`,
    ];
    const loadAvg = os.loadavg().map((l) => l.toFixed(1)).join(" ");
    console.log(`\n${os.cpus().length} cores, Node ${process.version}, load average ${loadAvg}\n`);
    console.log(lines.join("\n"));
    if (process.argv.includes("--record")) {
      const file = path.join(ROOT, "docs/benchmarks.md");
      const header = fs.existsSync(file) ? "" : "# Benchmarks\n\nFigures recorded by the benchmark scripts on the development machine.\n";
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(
        file,
        `${header}\n## Notifications (npm run bench:notify), ${new Date().toISOString().slice(0, 10)}\n\n` +
          `Receiver and producer in the bench process, deliveries by worker/index.ts as a child process; ` +
          `${os.cpus().length} cores, Node ${process.version}, load average at the end ${loadAvg}.\n\n${lines.join("\n")}\n`,
      );
    }
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill("SIGTERM");
      await new Promise((r) => worker!.once("exit", r));
    }
    for (const server of receivers) server.close();
    await Promise.all(slowReceivers.map((r) => r.close()));
    await closeQueues();
    await closeRedis();
    await closeDb();
    const { redisForCleanup } = await import("../tests/helpers/redis-cleanup");
    await redisForCleanup(env.REDIS_PREFIX!);
    await dropDatabase(env.DATABASE_URL!);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
