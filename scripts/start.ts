/**
 * `npm start`: everything between a fresh clone and a running payrelay. Writes a local .env on first
 * run, checks the configuration, makes sure MySQL and Redis answer (starting local ones if stopped),
 * migrates, builds the web app when its sources changed, then runs the web server (scripts/web-server.ts:
 * Next's production server behind one that stamps each request's socket address) and the worker as
 * two supervised processes. `--web-only` / `--worker-only` run just one of them.
 */
import net from "node:net";
import path from "node:path";
import { ConfigError, parseConfig, type Config } from "../lib/config";
import { migrateDatabase } from "../lib/db/migrate";
import { loadDotEnv } from "../lib/env-file";
import { ensureBuild } from "./lib/build";
import { addMetricsTokenIfMissing, writeLocalDotEnvIfMissing } from "./lib/dotenv-file";
import { StartupError, say, sleep } from "./lib/log";
import { ensureServices } from "./lib/services";
import { superviseChildren, type ChildSpec } from "./lib/supervise";
import { tsProcess } from "./lib/ts-process";

const ROOT = path.resolve(import.meta.dirname, "..");

type Mode = "all" | "web" | "worker";

function parseMode(args: string[]): Mode {
  if (args.length === 0) return "all";
  if (args.length === 1 && args[0] === "--web-only") return "web";
  if (args.length === 1 && args[0] === "--worker-only") return "worker";
  throw new StartupError(`unknown arguments: ${args.join(" ")}\nusage: npm start [-- --web-only | --worker-only]`);
}

function loadConfiguration(): Config {
  const written = writeLocalDotEnvIfMissing(ROOT);
  if (written) say(`no .env found: wrote ${written} with a fresh PAYRELAY_MASTER_KEY, AUTH_SECRET and METRICS_TOKEN (keep it; it is not committed)`);
  else if (addMetricsTokenIfMissing(ROOT)) say("added a METRICS_TOKEN to .env: the bearer token of /api/metrics and the worker's metrics port");
  loadDotEnv(ROOT);
  return parseConfig(process.env);
}

async function migrate(cfg: Config): Promise<void> {
  try {
    await migrateDatabase(cfg.DATABASE_URL);
  } catch (error) {
    throw new StartupError(`database migration failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  say(`database ${new URL(cfg.DATABASE_URL).pathname.slice(1)} is migrated`);
}

/** Fails before a long build rather than after it, with a hint instead of EADDRINUSE. */
function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(`port ${port} is already in use (is payrelay already running?); set PORT to use another`)
          : error,
      ),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}

function childSpecs(cfg: Config, mode: Mode): ChildSpec[] {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // alipay-sdk stamps requests in the process time zone and Alipay expects Beijing time.
    TZ: "Asia/Shanghai",
    PORT: String(cfg.PORT),
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  };
  // Next's production server behind our own HTTP server, which tells the app each request's socket address.
  const web: ChildSpec = { name: "web", ...tsProcess(path.join(ROOT, "scripts/web-server.ts")), env };
  const worker: ChildSpec = { name: "worker", ...tsProcess(path.join(ROOT, "worker/index.ts")), env };
  return mode === "web" ? [web] : mode === "worker" ? [worker] : [web, worker];
}

/** Time since this process started (performance.now() counts from there). */
function elapsed(): string {
  return `${(performance.now() / 1000).toFixed(1)} s`;
}

/** The health endpoint's HTTP status, or undefined while nothing answers. */
async function healthStatus(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return undefined;
  }
}

/**
 * Polls /api/health, then prints where payrelay is. The first answers can be 503 while the server
 * opens its first connections, so a degraded answer is only reported once it persists.
 */
async function announceWhenHealthy(port: number, isStopping: () => boolean): Promise<void> {
  const url = `http://127.0.0.1:${port}/api/health`;
  const deadline = Date.now() + 120_000;
  let firstAnswerAt: number | undefined;
  while (!isStopping() && Date.now() < deadline) {
    const status = await healthStatus(url);
    if (status !== undefined) firstAnswerAt ??= Date.now();
    if (status === 200 || (firstAnswerAt !== undefined && Date.now() - firstAnswerAt > 15_000)) {
      const note = status === 200 ? "" : ` (but ${url} answers ${status ?? "nothing"}: MySQL or Redis is failing)`;
      say(`payrelay is running on http://localhost:${port}${note} — started in ${elapsed()}; Ctrl-C stops it`);
      return;
    }
    await sleep(500);
  }
  if (!isStopping()) say(`the web app has not answered ${url} after 120 s; see the [web] lines above`);
}

async function main(): Promise<void> {
  process.chdir(ROOT);
  const mode = parseMode(process.argv.slice(2));
  const cfg = loadConfiguration();
  await ensureServices(cfg);
  await migrate(cfg);
  if (mode !== "worker") {
    await ensurePortFree(cfg.PORT);
    await ensureBuild(ROOT);
  }
  await superviseChildren(childSpecs(cfg, mode), (isStopping) => {
    if (mode === "worker") say(`worker started in ${elapsed()}; Ctrl-C stops it`);
    else void announceWhenHealthy(cfg.PORT, isStopping);
  });
}

main().catch((error: unknown) => {
  // Problems an operator can fix are one clear message; anything else keeps its stack for a bug report.
  if (error instanceof ConfigError || error instanceof StartupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
