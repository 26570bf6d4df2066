/**
 * `npm run bench:lookups` (and part of `npm run bench`): order lookups at 10 thousand and at 1 million
 * orders (issue 16). Two databases, `payrelay_bench_orders_10k` and `payrelay_bench_orders_1m`,
 * seeded once with multi-row inserts and kept between runs (BENCH_RESEED=1 starts them over). For
 * each, the production build serves `GET /api/v1/orders/{id}` and `GET /api/v1/orders?buyerId=`
 * at 16 connections, and the run prints p50/p99 of both sizes side by side, with the `EXPLAIN` of
 * every list filter the API and the portal offer. `--record` appends the figures to docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import { load, waitUntilOk } from "./lib/bench";
import mysql from "mysql2/promise";
import { startCommand } from "./lib/ts-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
/** Orders per buyer, the same at both sizes, so a buyer's list is the same length in both. */
const ORDERS_PER_BUYER = 10;
const MERCHANT = "mer_benchLookups000000001";
const GOODS = Array.from({ length: 20 }, (_, i) => `goods_benchLookups${String(i).padStart(6, "0")}`);
const CHANNELS = ["alipay_h5", "alipay_pc", "alipay_qr", "wechat_h5", "wechat_jsapi", "wechat_native"];
/** Bench data only: a fixed key, so the kept databases stay readable from one run to the next. */
const MASTER_KEY = createHash("sha256").update("payrelay bench lookups").digest("base64");
const SECRET_KEY = `sk_test_${"B".repeat(32)}`;

type Size = { name: string; orders: number; database: string };
const SIZES: Size[] = [
  { name: "10 k", orders: 10_000, database: "payrelay_bench_orders_10k" },
  { name: "1 M", orders: 1_000_000, database: "payrelay_bench_orders_1m" },
];

const serverUrl = (process.env.BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306").replace(/\/+$/, "");
const dbUrl = (database: string) => `${serverUrl}/${database}`;

function envFor(size: Size): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(PORT),
    DATABASE_URL: dbUrl(size.database),
    REDIS_PREFIX: `bench_lookups_${Date.now()}`,
    PUBLIC_BASE_URL: BASE,
    PAYRELAY_MASTER_KEY: MASTER_KEY,
    AUTH_SECRET: "bench-lookups-auth-secret-bench-lookups",
    LOG_LEVEL: "warn",
    TZ: "Asia/Shanghai",
    RATE_LIMIT_TEST_PER_SECOND: "1000000",
    RATE_LIMIT_LIVE_PER_SECOND: "1000000",
  };
}

/** A deterministic id of the given prefix (base62, 20 characters), so reruns find the same rows. */
function idOf(prefix: string, n: number): string {
  const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let s = "";
  let x = BigInt(n) * 2654435761n + 12345n;
  for (let i = 0; i < 20; i++) {
    s += digits[Number(x % 62n)];
    x = x / 62n + BigInt(i * 7919 + n);
  }
  return `${prefix}_${s}`;
}

const buyerOf = (n: number) => `1570542${String(Math.floor(n / ORDERS_PER_BUYER)).padStart(4, "0")}`;
const statusOf = (n: number) => (n % 10 < 7 ? "paid" : n % 10 < 9 ? "closed" : "pending");

async function seeded(conn: mysql.Connection, size: Size): Promise<boolean> {
  try {
    const [rows] = await conn.query("SELECT COUNT(*) AS n FROM orders WHERE merchant_id = ?", [MERCHANT]);
    return Number((rows as { n: number }[])[0]!.n) === size.orders;
  } catch {
    return false;
  }
}

/** Migrates the size's database and fills it with a merchant, its key, goods and `size.orders` orders. */
async function seed(size: Size): Promise<void> {
  const url = dbUrl(size.database);
  const server = await mysql.createConnection({ uri: serverUrl });
  if (process.env.BENCH_RESEED === "1") await server.query(`DROP DATABASE IF EXISTS \`${size.database}\``);
  await server.end();
  const { migrateDatabase } = await import("../lib/db/migrate");
  await migrateDatabase(url);
  const conn = await mysql.createConnection({ uri: url, timezone: "Z" });
  try {
    if (await seeded(conn, size)) return;
    const started = Date.now();
    console.log(`seeding ${size.orders} orders into ${size.database} …`);
    await conn.query("DELETE FROM orders WHERE merchant_id = ?", [MERCHANT]);
    const { hashApiKey } = await import("../lib/api-keys/api-keys");
    const now = new Date();
    await conn.query("INSERT IGNORE INTO merchants (id, name, webhook_secret_sealed, created_at) VALUES (?, ?, '', ?)", [MERCHANT, "Bench lookups", now]);
    await conn.query(
      "INSERT IGNORE INTO api_keys (id, merchant_id, kind, mode, key_hash, prefix, created_at) VALUES (?, ?, 'secret', 'test', ?, ?, ?)",
      ["key_benchLookups000000001", MERCHANT, hashApiKey(SECRET_KEY), SECRET_KEY.slice(0, 12), now],
    );
    for (const id of GOODS) {
      await conn.query("INSERT IGNORE INTO goods (id, merchant_id, livemode, name, price_fen, currency, active, created_at, updated_at) VALUES (?, ?, 0, ?, 100, 'CNY', 1, ?, ?)", [
        id,
        MERCHANT,
        `Goods ${id.slice(-3)}`,
        now,
        now,
      ]);
    }
    const yearMs = 365 * 24 * 3600_000;
    const CHUNK = 5000;
    await conn.query("SET unique_checks = 0");
    for (let from = 0; from < size.orders; from += CHUNK) {
      const rows = [];
      for (let n = from; n < Math.min(size.orders, from + CHUNK); n++) {
        // Spread over a year, newest last; the same buyer's orders far apart in time.
        const createdAt = new Date(now.getTime() - yearMs + Math.floor((n / size.orders) * yearMs));
        const status = statusOf(n);
        rows.push([
          idOf("ord", n), MERCHANT, 0, GOODS[n % GOODS.length], 1, 100, 100, "CNY", CHANNELS[n % CHANNELS.length], "Bench goods",
          buyerOf((n * 7919) % size.orders), status, createdAt, status === "paid" ? createdAt : null, status === "closed" ? createdAt : null,
          new Date(createdAt.getTime() + 30 * 60_000),
        ]);
      }
      await conn.query(
        "INSERT INTO orders (id, merchant_id, livemode, goods_id, quantity, unit_price_fen, amount_fen, currency, channel, subject, buyer_id, status, created_at, paid_at, closed_at, expires_at) VALUES ?",
        [rows],
      );
      if ((from / CHUNK) % 40 === 0) process.stdout.write(`  ${from + rows.length}\r`);
    }
    await conn.query("SET unique_checks = 1");
    await conn.query("ANALYZE TABLE orders");
    console.log(`seeded ${size.orders} orders in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await conn.end();
  }
}

/** The SQL of each list filter as listOrders builds it (lib/orders/get-orders.ts, lib/api/pagination.ts). */
const FILTERS: { name: string; where: string; params: unknown[] }[] = [
  { name: "none (newest first)", where: "", params: [] },
  { name: "status", where: "AND status = ?", params: ["paid"] },
  { name: "goodsId", where: "AND goods_id = ?", params: [GOODS[3]] },
  { name: "buyerId", where: "AND buyer_id = ?", params: [buyerOf(4242)] },
  { name: "channel", where: "AND channel = ?", params: ["wechat_h5"] },
  { name: "buyerId, next page", where: "AND buyer_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))", params: [buyerOf(4242), new Date(), new Date(), "ord_z"] },
];

async function explain(size: Size): Promise<string[]> {
  const conn = await mysql.createConnection({ uri: dbUrl(size.database), timezone: "Z" });
  // MariaDB's ANALYZE runs the statement: r_rows is what it really read, rows the optimizer's estimate
  // (which ignores LIMIT, so an ordered index scan that stops after 21 rows still shows the whole range).
  const out: string[] = ["| filter | key | rows (estimate) | r_rows (read) | Extra |", "|---|---|---|---|---|"];
  type Plan = { key: string | null; rows: number; r_rows: number | null; Extra: string | null };
  const line = (name: string, r: Plan) => `| ${name} | ${r.key ?? "—"} | ${r.rows} | ${r.r_rows ?? "—"} | ${r.Extra ?? ""} |`;
  try {
    for (const f of FILTERS) {
      const [rows] = await conn.query(
        `ANALYZE SELECT * FROM orders WHERE merchant_id = ? AND livemode = 0 ${f.where} ORDER BY created_at DESC, id DESC LIMIT 21`,
        [MERCHANT, ...f.params],
      );
      out.push(line(f.name, (rows as Plan[])[0]!));
    }
    const [byId] = await conn.query("ANALYZE SELECT * FROM orders WHERE id = ?", [idOf("ord", 4242)]);
    out.push(line("by id (GET /orders/{id})", (byId as Plan[])[0]!));
  } finally {
    await conn.end();
  }
  return out;
}

async function bufferPoolMb(): Promise<number> {
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    const [rows] = await conn.query("SELECT @@innodb_buffer_pool_size AS b");
    return Math.round(Number((rows as { b: number }[])[0]!.b) / 1048576);
  } finally {
    await conn.end();
  }
}

/** Requests that walk over many different ids / buyers, so the figures are not one cached row. */
function rotating(paths: string[]): autocannon.Options["requests"] {
  let i = 0;
  return [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }];
}

type Figures = { byId: autocannon.Result; byBuyer: autocannon.Result };

async function measure(size: Size): Promise<Figures> {
  const server: ChildProcess = spawn(...startCommand(ROOT, ["--web-only"]), { cwd: ROOT, env: envFor(size), stdio: ["ignore", "inherit", "inherit"] });
  try {
    await waitUntilOk(`${BASE}/api/ping`);
    // Paid and closed orders only: reading a pending order asks the channel, which is not what this measures.
    const ids: string[] = [];
    for (let k = 0; ids.length < 2000; k++) {
      const n = (k * 104729) % size.orders;
      if (statusOf(n) !== "pending") ids.push(`/api/v1/orders/${idOf("ord", n)}`);
    }
    const buyers = Array.from({ length: 2000 }, (_, k) => `/api/v1/orders?buyerId=${buyerOf(((k * 7919) % size.orders))}`);
    const common = { url: BASE, connections: CONNECTIONS, headers: { authorization: `Bearer ${SECRET_KEY}` } };
    const check = await fetch(`${BASE}${ids[0]}`, { headers: common.headers });
    if (check.status !== 200) throw new Error(`GET ${ids[0]} answered ${check.status}: ${await check.text()}`);
    await load({ ...common, requests: rotating(ids), duration: 3 }); // warm-up
    const byId = await load({ ...common, requests: rotating(ids), duration: DURATION });
    const byBuyer = await load({ ...common, requests: rotating(buyers), duration: DURATION });
    return { byId, byBuyer };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

async function main() {
  process.env.PAYRELAY_MASTER_KEY = MASTER_KEY;
  process.env.AUTH_SECRET = "bench-lookups-auth-secret-bench-lookups";
  for (const size of SIZES) await seed(size);
  // Two rounds, sizes alternating (10 k, 1 M, 10 k, 1 M), each figure the mean of its two rounds:
  // on a shared machine the load drifts, and alternating spreads the drift over both sizes.
  const rounds: Figures[][] = [[], []];
  for (let round = 0; round < 2; round++) for (const [i, size] of SIZES.entries()) rounds[i]!.push(await measure(size));
  const mean = (rs: autocannon.Result[], f: (r: autocannon.Result) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  const summary = (rs: autocannon.Result[]) => ({
    p50: mean(rs, (r) => r.latency.p50),
    p99: mean(rs, (r) => r.latency.p99),
    rps: mean(rs, (r) => r.requests.average),
    errors: rs.reduce((a, r) => a + r.errors + r.non2xx, 0),
  });
  const [small, big] = rounds.map((rs) => ({ byId: summary(rs.map((f) => f.byId)), byBuyer: summary(rs.map((f) => f.byBuyer)) })) as [
    { byId: ReturnType<typeof summary>; byBuyer: ReturnType<typeof summary> },
    { byId: ReturnType<typeof summary>; byBuyer: ReturnType<typeof summary> },
  ];
  const row = (name: string, a: ReturnType<typeof summary>, b: ReturnType<typeof summary>) =>
    `| ${name} | ${a.p50.toFixed(1)} / ${a.p99.toFixed(1)} | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} | ${(b.p99 / a.p99).toFixed(2)} | ${Math.round(a.rps)} / ${Math.round(b.rps)} | ${a.errors} / ${b.errors} |`;
  const lines = [
    `| request | 10 k orders p50 / p99 ms | 1 M orders p50 / p99 ms | p99 ratio (target ≤ 1.2) | req/s 10 k / 1 M | errors |`,
    `|---|---|---|---|---|---|`,
    row("GET /api/v1/orders/{id}", small.byId, big.byId),
    row("GET /api/v1/orders?buyerId=", small.byBuyer, big.byBuyer),
    ``,
    `EXPLAIN at 1 M orders (every list filter of the API and the portal, merchant and mode first, newest first, limit 21):`,
    ``,
    ...(await explain(SIZES[1]!)),
  ];
  const pool = await bufferPoolMb();
  const header =
    `${CONNECTIONS} connections, ${DURATION} s per request kind, size and round (2 rounds, means shown), ${os.cpus().length} cores, Node ${process.version}, ` +
    `InnoDB buffer pool ${pool} MB, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`;
  console.log(`\n${header}\n`);
  console.log(lines.join("\n"));
  if (process.argv.includes("--record")) {
    fs.appendFileSync(path.join(ROOT, "docs/benchmarks.md"), `\n## Order lookups at 10 k and 1 M orders (npm run bench:lookups), ${new Date().toISOString().slice(0, 10)}\n\n${header}.\n\n${lines.join("\n")}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
