/**
 * `npm run bench`: POST /api/v1/orders (alipay_h5, test mode, publishable key) at 16 connections
 * against a production build, and in the same run the bare GET /api/ping of the same app, so the
 * ratio says what payrelay's own work costs on top of the framework. Prints both and appends the
 * figures to docs/benchmarks.md with `--record`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import { load, waitUntilOk } from "./lib/bench";
import { startCommand } from "./lib/ts-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const run = Date.now();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(PORT),
  DATABASE_URL: `mysql://root@127.0.0.1:3306/payrelay_bench_${run}`,
  REDIS_PREFIX: `bench_${run}`,
  PUBLIC_BASE_URL: BASE,
  PAYRELAY_MASTER_KEY: randomBytes(32).toString("base64"),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  // One JSON line per request would be written in production too, but to a file or a collector;
  // here the pipe to this process would be measured instead of payrelay.
  LOG_LEVEL: "warn",
  TZ: "Asia/Shanghai",
  // 16 connections from one address with one key: the API's rate budgets would measure themselves.
  RATE_LIMIT_TEST_PER_SECOND: "1000000",
  RATE_LIMIT_PUBLISHABLE_PER_MINUTE: "100000000",
};

async function setUp(): Promise<{ publishableKey: string; goodsId: string; notifiedGoodsId: string }> {
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  const { createMerchant } = await import("../lib/merchants/merchants");
  const { closeDb } = await import("../lib/db/client");
  const m = await createMerchant({ email: `bench-${run}@example.com`, password: "a long bench passphrase", name: "Bench" });
  await closeDb();
  const res = await fetch(`${BASE}/api/v1/goods`, {
    method: "POST",
    headers: { authorization: `Bearer ${m.testSecretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Goods a", price: 1 }),
  });
  const goods = (await res.json()) as { id: string };
  // The same goods with an order.created notify URL: each prepay then also writes a delivery and
  // hands the event to BullMQ (no worker runs here, so nothing is sent).
  const notified = await fetch(`${BASE}/api/v1/goods`, {
    method: "POST",
    headers: { authorization: `Bearer ${m.testSecretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Goods b", price: 1, notifyUrls: { orderCreated: "https://shop.example.com/payrelay/created" } }),
  });
  const notifiedGoods = (await notified.json()) as { id: string };
  return { publishableKey: m.testPublishableKey, goodsId: goods.id, notifiedGoodsId: notifiedGoods.id };
}

function row(name: string, r: autocannon.Result) {
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, total: r.requests.total };
}

async function main() {
  const server: ChildProcess = spawn(...startCommand(ROOT, ["--web-only"]), { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  try {
    await waitUntilOk(`${BASE}/api/ping`);
    const { publishableKey, goodsId, notifiedGoodsId } = await setUp();
    const prepayOpts = (goods: string) => ({
      url: `${BASE}/api/v1/orders`,
      method: "POST" as const,
      headers: { authorization: `Bearer ${publishableKey}`, "content-type": "application/json" },
      body: JSON.stringify({ goodsId: goods, quantity: 1, channel: "alipay_h5", buyerId: "15705420001", attach: "bench" }),
      connections: CONNECTIONS,
    });
    // Warm both paths (JIT, connection pools) before measuring.
    await load({ ...prepayOpts(goodsId), duration: 3 });
    await load({ url: `${BASE}/api/ping`, connections: CONNECTIONS, duration: 2 });
    const prepay = row("POST /api/v1/orders (alipay_h5)", await load({ ...prepayOpts(goodsId), duration: DURATION }));
    const bare = row("GET /api/ping (bare route)", await load({ url: `${BASE}/api/ping`, connections: CONNECTIONS, duration: DURATION }));
    const notified = row("POST /api/v1/orders (alipay_h5, goods with an order.created URL)", await load({ ...prepayOpts(notifiedGoodsId), duration: DURATION }));
    const ratio = prepay.rps / bare.rps;
    const lines = [
      `| route | req/s | p50 ms | p99 ms | errors |`,
      `|---|---|---|---|---|`,
      ...[prepay, bare, notified].map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`),
      ``,
      `ratio prepay / bare: ${ratio.toFixed(2)} (target ≥ 0.5); prepay p99 ${prepay.p99} ms (target < 60 ms); ` +
        `with a notify URL: ratio ${(notified.rps / bare.rps).toFixed(2)}, p99 ${notified.p99} ms; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`,
    ];
    console.log(`\n${CONNECTIONS} connections, ${DURATION} s each, ${os.cpus().length} cores, Node ${process.version}\n`);
    console.log(lines.join("\n"));
    if (process.argv.includes("--record")) {
      const file = path.join(ROOT, "docs/benchmarks.md");
      const header = fs.existsSync(file) ? "" : "# Benchmarks\n\nFigures recorded by the benchmark scripts on the development machine.\n";
      fs.appendFileSync(file, `${header}\n## Prepay (npm run bench), ${new Date().toISOString().slice(0, 10)}\n\n${CONNECTIONS} connections, ${DURATION} s per route, ${os.cpus().length} cores, Node ${process.version}.\n\n${lines.join("\n")}\n`);
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    const { dropDatabase } = await import("../lib/db/migrate");
    await dropDatabase(env.DATABASE_URL!).catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
