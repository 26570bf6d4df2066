/**
 * payrelay as `npm start` runs it, one process group per role: `tsx scripts/start.ts --web-only`
 * (migrate, check the build, `next start`) and `tsx scripts/start.ts --worker-only` (the BullMQ
 * worker). Each group can be SIGKILLed whole — the supervisor, tsx's wrapper and the process doing
 * the work die together without running any shutdown code, as when a container or a machine dies —
 * and started again on the same port, database and Redis prefix.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { redis } from "../../lib/redis";
import { WORKER_HEARTBEAT_KEY } from "../../lib/health/check-health";

const ROOT = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Role = "web" | "worker";

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

type Running = { child: ChildProcess; startedAt: number; exited: Promise<void> };

export class AppProcesses {
  /** Each role's last output lines, shown when something does not come up. */
  private readonly tail: Record<Role, string[]> = { web: [], worker: [] };
  private readonly running: Partial<Record<Role, Running>> = {};
  readonly starts: Record<Role, number> = { web: 0, worker: 0 };
  readonly kills: Record<Role, number> = { web: 0, worker: 0 };

  constructor(
    private readonly env: Record<string, string>,
    readonly base: string,
  ) {}

  private spawnRole(role: Role): Running {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/start.ts", role === "web" ? "--web-only" : "--worker-only"], {
      cwd: ROOT,
      // Only what a shell would pass, plus the run's own configuration: nothing of vitest's
      // environment (NODE_ENV=test, VITEST_*) leaks into the app.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? ROOT, NODE_ENV: "production", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so one signal reaches every process of the role.
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      const lines = this.tail[role];
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    this.starts[role]++;
    return { child, startedAt: Date.now(), exited };
  }

  output(role: Role): string {
    return this.tail[role].join("\n");
  }

  /** Starts the role and resolves once it serves: the web answers /api/health, the worker has written its heartbeat. */
  async start(role: Role, timeoutMs = 90_000): Promise<void> {
    const run = this.spawnRole(role);
    this.running[role] = run;
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void run.exited.then(() => (gone = true));
    while (!(await this.serves(role, run.startedAt))) {
      if (gone) throw new Error(`${role} exited while starting:\n${this.output(role)}`);
      if (Date.now() > deadline) throw new Error(`${role} did not come up within ${timeoutMs / 1000} s:\n${this.output(role)}`);
      await sleep(100);
    }
  }

  private async serves(role: Role, since: number): Promise<boolean> {
    if (role === "web") {
      try {
        const res = await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return true; // 503 while the worker is down is still a web that answers
      } catch {
        return false;
      }
    }
    // startWorkers writes the heartbeat once every BullMQ Worker is running; a killed worker's
    // heartbeat is older than this start.
    const seen = await redis().get(WORKER_HEARTBEAT_KEY).catch(() => null);
    return seen !== null && Date.parse(seen) >= since - 1000;
  }

  private signal(role: Role, sig: NodeJS.Signals): boolean {
    const run = this.running[role];
    if (!run?.child.pid) return false;
    try {
      process.kill(-run.child.pid, sig);
      return true;
    } catch {
      return false; // already gone
    }
  }

  /** Resolves when every process of the role's group is gone, not just the first one. */
  private async groupGone(role: Role, timeoutMs: number): Promise<boolean> {
    const run = this.running[role];
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

  /** kill -9 of every process of the role: no shutdown hook, no job handed back, no connection closed. */
  async kill(role: Role): Promise<void> {
    if (!this.signal(role, "SIGKILL")) throw new Error(`${role} was not running when the test meant to kill it`);
    this.kills[role]++;
    if (!(await this.groupGone(role, 10_000))) throw new Error(`${role} survived SIGKILL`);
    delete this.running[role];
  }

  /** A clean stop (SIGTERM, as Ctrl-C or a deployment would), then SIGKILL for whatever is left. */
  async stopAll(): Promise<void> {
    const roles = Object.keys(this.running) as Role[];
    for (const role of roles) this.signal(role, "SIGTERM");
    await Promise.all(
      roles.map(async (role) => {
        if (!(await this.groupGone(role, 25_000))) this.signal(role, "SIGKILL");
        await this.groupGone(role, 5_000);
        delete this.running[role];
      }),
    );
  }
}
