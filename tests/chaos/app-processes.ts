/**
 * payrelay as `npm start` runs it, one process group per role: `scripts/start.ts --web-only`
 * (migrate, check the build, the web server) and `scripts/start.ts --worker-only` (the BullMQ
 * worker), each run by node with tsx's loader. Each group can be SIGKILLed whole — the supervisor and the process doing
 * the work die together without running any shutdown code, as when a container or a machine dies —
 * and started again on the same port, database and Redis prefix.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { redis } from "../../lib/redis";
import { WORKER_HEARTBEAT_KEY } from "../../lib/health/check-health";
import { startCommand } from "../../scripts/lib/ts-process";

const ROOT = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Role = "web" | "worker";

/**
 * The environment every process of a run shares: this test file's database, Redis prefix and
 * secrets (tests/setup/per-file-db.ts), the base URL the channels call back on, and `extra`.
 */
export function runEnv(base: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: process.env.DATABASE_URL!,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    ...(process.env.REDIS_CLUSTER_NODES ? { REDIS_CLUSTER_NODES: process.env.REDIS_CLUSTER_NODES } : {}),
    REDIS_PREFIX: process.env.REDIS_PREFIX!,
    PUBLIC_BASE_URL: base,
    PAYRELAY_MASTER_KEY: process.env.PAYRELAY_MASTER_KEY!,
    AUTH_SECRET: process.env.AUTH_SECRET!,
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** A port nothing listens on now (the web keeps it across restarts: callback URLs point at it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

type Running = { child: ChildProcess; startedAt: number; exited: Promise<void>; outputFrom: number };

/** One process group: a role, and what its environment adds to the run's (PORT of a second web, say). */
export type Instance = { role: Role; env?: Record<string, string>; base?: string };

export class AppProcesses {
  /** Each instance's last output lines, shown when something does not come up. */
  private readonly tail: Record<string, string[]> = {};
  /** Lines each instance has printed in all (the tail keeps only the last ones). */
  private readonly printed: Record<string, number> = {};
  private readonly running: Partial<Record<string, Running>> = {};
  readonly starts: Record<string, number> = {};
  readonly kills: Record<string, number> = {};
  /** Every line an instance printed, when `keepOutput` asks for it (the scale test reads the workers' logs). */
  readonly lines: Record<string, string[]> = {};
  private readonly instances: Record<string, Instance>;

  constructor(
    private readonly env: Record<string, string>,
    readonly base: string,
    instances?: Record<string, Instance>,
    private readonly keepOutput = false,
  ) {
    this.instances = instances ?? { web: { role: "web" }, worker: { role: "worker" } };
    for (const name of Object.keys(this.instances)) {
      this.tail[name] = [];
      this.lines[name] = [];
      this.printed[name] = 0;
      this.starts[name] = 0;
      this.kills[name] = 0;
    }
  }

  private instance(name: string): Instance {
    const i = this.instances[name];
    if (!i) throw new Error(`no instance ${name}`);
    return i;
  }

  private spawnRole(name: string): Running {
    const { role, env } = this.instance(name);
    const child = spawn(...startCommand(ROOT, [role === "web" ? "--web-only" : "--worker-only"]), {
      cwd: ROOT,
      // Only what a shell would pass, plus the run's own configuration: nothing of vitest's
      // environment (NODE_ENV=test, VITEST_*) leaks into the app.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? ROOT, NODE_ENV: "production", ...this.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so one signal reaches every process of the role.
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      const fresh = chunk.toString("utf8").split("\n").filter(Boolean);
      const lines = this.tail[name]!;
      lines.push(...fresh);
      if (lines.length > 200) lines.splice(0, lines.length - 200);
      this.printed[name]! += fresh.length;
      if (this.keepOutput) this.lines[name]!.push(...fresh);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    this.starts[name]!++;
    return { child, startedAt: Date.now(), exited, outputFrom: this.printed[name]! };
  }

  output(name: string): string {
    return this.tail[name]!.join("\n");
  }

  /** Starts the instance and resolves once it serves: a web answers /api/health, a worker is running its Workers. */
  async start(name: string, timeoutMs = 90_000): Promise<void> {
    const run = this.spawnRole(name);
    this.running[name] = run;
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void run.exited.then(() => (gone = true));
    while (!(await this.serves(name, run))) {
      if (gone) throw new Error(`${name} exited while starting:\n${this.output(name)}`);
      if (Date.now() > deadline) throw new Error(`${name} did not come up within ${timeoutMs / 1000} s:\n${this.output(name)}`);
      await sleep(100);
    }
  }

  /** The base URL of a web instance (its own port). */
  baseOf(name: string): string {
    return this.instance(name).base ?? this.base;
  }

  private async serves(name: string, run: Running): Promise<boolean> {
    if (this.instance(name).role === "web") {
      try {
        const res = await fetch(`${this.baseOf(name)}/api/health`, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return true; // 503 while the worker is down is still a web that answers
      } catch {
        return false;
      }
    }
    // With info logs, the worker says so itself; the heartbeat is shared by every worker process.
    const since = run.outputFrom;
    if (this.keepOutput && this.lines[name]!.slice(since).some((l) => l.includes("worker ready"))) return true;
    if (this.keepOutput) return false;
    // startWorkers writes the heartbeat once every BullMQ Worker is running; a killed worker's
    // heartbeat is older than this start.
    const seen = await redis().get(WORKER_HEARTBEAT_KEY).catch(() => null);
    return seen !== null && Date.parse(seen) >= run.startedAt - 1000;
  }

  private signal(name: string, sig: NodeJS.Signals): boolean {
    const run = this.running[name];
    if (!run?.child.pid) return false;
    try {
      process.kill(-run.child.pid, sig);
      return true;
    } catch {
      return false; // already gone
    }
  }

  /** Resolves when every process of the instance's group is gone, not just the first one. */
  private async groupGone(name: string, timeoutMs: number): Promise<boolean> {
    const run = this.running[name];
    if (!run?.child.pid) return true;
    await Promise.race([run.exited, sleep(timeoutMs)]);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        process.kill(-run.child.pid, 0);
      } catch {
        return true;
      }
      await sleep(50);
    }
    return false;
  }

  /** kill -9 of every process of the instance: no shutdown hook, no job handed back, no connection closed. */
  async kill(name: string): Promise<void> {
    if (!this.signal(name, "SIGKILL")) throw new Error(`${name} was not running when the test meant to kill it`);
    this.kills[name]!++;
    if (!(await this.groupGone(name, 10_000))) throw new Error(`${name} survived SIGKILL`);
    delete this.running[name];
  }

  /** How long each instance took to go after stopAll's SIGTERM. */
  readonly stopMs: Record<string, number> = {};

  /** A clean stop (SIGTERM, as Ctrl-C or a deployment would), then SIGKILL for whatever is left. */
  async stopAll(): Promise<void> {
    const names = Object.keys(this.running);
    const sent = Date.now();
    for (const name of names) this.signal(name, "SIGTERM");
    await Promise.all(
      names.map(async (name) => {
        if (!(await this.groupGone(name, 25_000))) this.signal(name, "SIGKILL");
        else this.stopMs[name] = Date.now() - sent;
        await this.groupGone(name, 5_000);
        delete this.running[name];
      }),
    );
  }
}
