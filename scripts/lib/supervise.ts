import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { say } from "./log";

export type ChildSpec = { name: string; command: string; args: string[]; env: NodeJS.ProcessEnv };

/** How long a child gets to finish in-flight work after the signal before it is killed. */
const STOP_GRACE_MS = 20_000;

type Running = { spec: ChildSpec; child: ChildProcess; exited: Promise<number> };

function prefixLines(from: Readable, to: Writable, prefix: string): void {
  readline.createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => to.write(`${prefix}${line}\n`));
}

function start(spec: ChildSpec, width: number): Running {
  const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${spec.name}]`.padEnd(width + 3);
  prefixLines(child.stdout!, process.stdout, prefix);
  prefixLines(child.stderr!, process.stderr, prefix);
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error) => {
      say(`${spec.name}: could not start ${spec.command}: ${error.message}`);
      resolve(1);
    });
    // "close", not "exit": by then its last log lines have been passed on. A child killed by a
    // signal has code null; report it the way a shell would (128 + n).
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1)));
  });
  return { spec, child, exited };
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal];
}

async function stopAll(running: Running[], signal: NodeJS.Signals): Promise<void> {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
  const timer = setTimeout(() => {
    for (const r of running) {
      if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
      say(`${r.spec.name} did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
      r.child.kill("SIGKILL");
    }
  }, STOP_GRACE_MS);
  await Promise.all(running.map((r) => r.exited));
  clearTimeout(timer);
}

/**
 * Runs the children until a signal asks us to stop (forwarded to them; exit 0 once they are down)
 * or one of them exits on its own (the others are stopped; exit non-zero). Never returns.
 */
export async function superviseChildren(specs: ChildSpec[], onStarted?: (isStopping: () => boolean) => void): Promise<never> {
  const width = Math.max(...specs.map((s) => s.name.length));
  const running = specs.map((spec) => start(spec, width));
  let stopping = false;

  const outcome = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      // Ctrl-C reaches the children directly too (same process group); both Next and the worker
      // ignore a repeated signal, so forwarding is safe and covers a SIGTERM sent to us alone.
      if (stopping) return;
      stopping = true;
      say(`${signal} received; stopping ${specs.map((s) => s.name).join(" and ")}`);
      void stopAll(running, signal).then(() => resolve(0));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    for (const r of running) {
      void r.exited.then((code) => {
        if (stopping) return;
        stopping = true;
        const others = running.filter((o) => o !== r);
        say(`${r.spec.name} exited unexpectedly (code ${code})${others.length ? `; stopping ${others.map((o) => o.spec.name).join(", ")}` : ""}`);
        void stopAll(others, "SIGTERM").then(() => resolve(code === 0 ? 1 : code));
      });
    }
  });

  onStarted?.(() => stopping);
  const code = await outcome;
  say(code === 0 ? "stopped" : `stopped with exit code ${code}`);
  process.exit(code);
}
