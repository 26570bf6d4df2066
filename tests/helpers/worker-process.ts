/** The worker as its own process, started and signalled the way an operator's supervisor would. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { waitFor } from "./payments";
import { tsProcess } from "../../scripts/lib/ts-process";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function startWorkerProcess(env: Record<string, string> = {}): ChildProcess {
  // As `npm start` runs it (scripts/lib/ts-process.ts): one node process with tsx's loader.
  const { command, args } = tsProcess(path.join(ROOT, "worker/index.ts"));
  return spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NOTIFY_CONCURRENCY: "10", LOG_LEVEL: "silent", ...env },
    stdio: "ignore",
    // Its own process group, signalled as a whole (as `kill -9` of a container's processes would),
    // so nothing the worker may start outlives a test.
    detached: true,
  });
}

export function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    /* already gone */
  }
}

export const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

/** Resolves when the whole group is gone, not just the tsx wrapper. */
export async function groupExited(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  await exited(child);
  await waitFor(async () => {
    try {
      process.kill(-child.pid!, 0);
      return false;
    } catch {
      return true;
    }
  }, timeoutMs);
}
