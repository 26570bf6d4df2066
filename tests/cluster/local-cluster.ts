import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

/**
 * A real 3-master Redis Cluster on loopback ports, started with Debian's redis-server
 * (`--cluster-enabled yes`) and joined with `redis-cli --cluster create`, as issue 18 asks.
 * It keeps nothing on disk beyond its node files in a temporary directory, removed by stop().
 */
export type LocalCluster = { nodes: string; ports: number[]; stop: () => Promise<void> };

export async function startLocalCluster(basePort: number): Promise<LocalCluster> {
  const ports = [basePort, basePort + 1, basePort + 2];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "payrelay-cluster-"));
  // Left over from an interrupted run: a node on our port would refuse to join a new cluster.
  for (const port of ports) spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"], { stdio: "ignore" });
  const children = ports.map((port) =>
    spawn(
      "redis-server",
      [
        "--port", String(port), "--bind", "127.0.0.1",
        "--cluster-enabled", "yes", "--cluster-config-file", path.join(dir, `nodes-${port}.conf`),
        "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--dir", dir,
      ],
      { stdio: "ignore" },
    ),
  );
  const stop = async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r)))));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await waitFor(async () => (await ping(port)) === "PONG", `redis-server on ${port}`);
    const create = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"],
      { encoding: "utf8", timeout: 30_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const port of ports) {
      await waitFor(async () => /cluster_state:ok/.test(await info(port)), `cluster_state:ok on ${port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((p) => `127.0.0.1:${p}`).join(","), ports, stop };
}

async function ping(port: number): Promise<string> {
  const r = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    await r.connect();
    return await r.ping();
  } catch {
    return "";
  } finally {
    r.disconnect();
  }
}

async function info(port: number): Promise<string> {
  const r = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    await r.connect();
    return String(await r.call("CLUSTER", "INFO"));
  } catch {
    return "";
  } finally {
    r.disconnect();
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
