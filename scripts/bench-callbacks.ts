/**
 * `npm run bench:callbacks` (and part of `npm run bench`): channel callback → `order.paid` received by
 * the merchant, at 200 payments/s (issue 16). payrelay runs as `npm start` runs it (web and worker
 * processes, production build). The bench makes test-mode alipay_h5 orders, has the sandbox's buyer
 * pay each one without notifying (`pay_no_notify`), then sends the sandbox's own signed
 * notifications (the exact bytes the sandbox would send) to the callback URL at a steady rate and
 * times each one until the merchant's receiver, in this process, has the signed `order.paid`.
 * Prints p50/p99/max; `--record` appends them to docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http, { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { waitUntilOk } from "./lib/bench";
import { startCommand } from "./lib/ts-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3220);
const BASE = `http://127.0.0.1:${PORT}`;
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 200;
const run = Date.now();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(PORT),
  DATABASE_URL: `mysql://root@127.0.0.1:3306/payrelay_bench_cb_${run}`,
  REDIS_PREFIX: `bench_cb_${run}`,
  PUBLIC_BASE_URL: BASE,
  PAYRELAY_MASTER_KEY: randomBytes(32).toString("base64"),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  NOTIFY_ALLOW_PRIVATE_HOSTS: "1",
  LOG_LEVEL: "warn",
  TZ: "Asia/Shanghai",
  RATE_LIMIT_TEST_PER_SECOND: "1000000",
  RATE_LIMIT_PUBLISHABLE_PER_MINUTE: "100000000",
  WORKER_METRICS_PORT: String(PORT + 1),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The merchant's endpoint: the receipt time of each order's order.paid. */
async function startReceiver(): Promise<{ url: string; paidAt: Map<string, number>; close: () => void }> {
  const paidAt = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { type: string; data: { order: { id: string } } };
        if (event.type === "order.paid" && !paidAt.has(event.data.order.id)) paidAt.set(event.data.order.id, at);
      } catch {
        /* not ours */
      }
      res.writeHead(200).end("ok");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/paid`, paidAt, close: () => server.close() };
}

async function api(method: string, p: string, key: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${BASE}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

type Prepared = { orderId: string; url: string; body: string; headers: Record<string, string> };

/** An order paid at the sandbox without a notification, and the notification the sandbox would have sent. */
async function prepare(key: string, goodsId: string, n: number): Promise<Prepared> {
  const { sandboxStore } = await import("../lib/sandbox/runtime");
  const { buildAlipayNotification } = await import("../lib/sandbox/alipay");
  const order = await api("POST", "/api/v1/orders", key, { goodsId, quantity: 1, channel: "alipay_h5", buyerId: `bench-${n}` });
  const payUrl = (order.payParams as { payUrl: string }).payUrl;
  const opened = await fetch(payUrl, { redirect: "manual" });
  const trade = /\/sandbox\/pay\/(sbt_[0-9A-Za-z]+)/.exec(opened.headers.get("location") ?? "")?.[1];
  if (!trade) throw new Error(`no sandbox trade behind ${payUrl}: ${opened.status}`);
  const paid = await fetch(`${BASE}/sandbox/api/trades/${trade}/simulate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome: "pay_no_notify" }),
  });
  if (!paid.ok) throw new Error(`simulate ${trade}: ${paid.status} ${await paid.text()}`);
  const stored = await sandboxStore().getTrade(trade);
  const notification = await buildAlipayNotification(sandboxStore(), stored!);
  return { orderId: String(order.id), url: notification.url, body: notification.body, headers: notification.headers };
}

/**
 * The channel's side of a callback: node:http over kept-alive connections. This process shares the
 * two cores with payrelay (a real channel calls from its own machines), and with fetch (undici) it
 * used 0.30 of a core at 150/s against 0.20 now (sending and receiving): CPU payrelay lacked.
 */
const callbackAgent = new http.Agent({ keepAlive: true, maxSockets: 512 });
function postCallback(p: Prepared): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(p.url, { method: "POST", agent: callbackAgent, headers: { ...p.headers, "content-length": String(Buffer.byteLength(p.body)) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(p.body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const receiver = await startReceiver();
  const app: ChildProcess = spawn(...startCommand(ROOT), { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  try {
    await waitUntilOk(`${BASE}/api/health`);
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
    const { createMerchant } = await import("../lib/merchants/merchants");
    const m = await createMerchant({ email: `bench-cb-${run}@example.com`, password: "a long bench passphrase", name: "Bench" });
    const goods = await api("POST", "/api/v1/goods", m.testSecretKey, { name: "Goods a", price: 1, notifyUrls: { orderPaid: receiver.url } });
    const total = WARMUP + RATE * SECONDS;
    console.log(`preparing ${total} paid orders …`);
    const prepared: Prepared[] = new Array(total);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < total; i = next++) prepared[i] = await prepare(m.testSecretKey, String(goods.id), i);
      }),
    );

    // Warm-up at the same rate, then the measured run: callback i leaves at start + i / RATE.
    const sentAt = new Map<string, number>();
    const answers: number[] = [];
    const answeredAt = new Map<string, number>();
    const send = async (p: Prepared) => {
      sentAt.set(p.orderId, performance.now());
      answers.push(await postCallback(p));
      answeredAt.set(p.orderId, performance.now());
    };
    const drive = async (batch: Prepared[]) => {
      const start = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < batch.length; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        inFlight.push(send(batch[i]!));
      }
      await Promise.all(inFlight);
    };
    await drive(prepared.slice(0, WARMUP));
    const measured = prepared.slice(WARMUP);
    await drive(measured);
    const deadline = Date.now() + 60_000;
    while (measured.some((p) => !receiver.paidAt.has(p.orderId)) && Date.now() < deadline) await sleep(100);
    const latencies = measured
      .filter((p) => receiver.paidAt.has(p.orderId))
      .map((p) => receiver.paidAt.get(p.orderId)! - sentAt.get(p.orderId)!)
      .sort((a, b) => a - b);
    // Where the time goes: the web's answer to the callback, and from that answer to the receipt.
    const answered = measured.map((p) => answeredAt.get(p.orderId)! - sentAt.get(p.orderId)!).sort((a, b) => a - b);
    const afterAnswer = measured
      .filter((p) => receiver.paidAt.has(p.orderId))
      .map((p) => receiver.paidAt.get(p.orderId)! - answeredAt.get(p.orderId)!)
      .sort((a, b) => a - b);
    console.log(`callback answered: p50 ${percentile(answered, 50).toFixed(1)} ms, p99 ${percentile(answered, 99).toFixed(1)} ms`);
    console.log(`answer → order.paid received: p50 ${percentile(afterAnswer, 50).toFixed(1)} ms, p99 ${percentile(afterAnswer, 99).toFixed(1)} ms (negative: received before the answer)`);
    const missing = measured.length - latencies.length;
    const non2xx = answers.filter((s) => s >= 300).length;
    const line =
      `| callback → order.paid received, ${RATE}/s for ${SECONDS} s | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ` +
      `${latencies[latencies.length - 1]!.toFixed(1)} | ${missing} | ${non2xx} |`;
    const lines = ["| measure | p50 ms | p99 ms | max ms | not received | callback answers ≥ 300 |", "|---|---|---|---|---|---|", line];
    const header = `web and worker processes (npm start), ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`;
    console.log(`\n${header}\n\n${lines.join("\n")}\n\ntarget: p99 < 100 ms`);
    if (process.argv.includes("--record")) {
      fs.appendFileSync(path.join(ROOT, "docs/benchmarks.md"), `\n## Callback → order.paid (npm run bench:callbacks), ${new Date().toISOString().slice(0, 10)}\n\n${header}.\n\n${lines.join("\n")}\n`);
    }
  } finally {
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
    receiver.close();
    const { dropDatabase } = await import("../lib/db/migrate");
    await dropDatabase(env.DATABASE_URL!).catch(() => {});
    const { redisForCleanup } = await import("../tests/helpers/redis-cleanup");
    await redisForCleanup(env.REDIS_PREFIX!).catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
