/**
 * A web process stops on SIGTERM at once, also with client connections open: a pooled keep-alive one
 * and one opened ahead of use that has sent nothing yet. Node's closeIdleConnections leaves the
 * latter alone and server.close() waits for it until headersTimeout (66 s), so before
 * scripts/web-server.ts closed every connection without a request in flight, such a connection held
 * the web until `npm start`'s supervisor killed it 20 s later ("web did not stop within 20 s").
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AppProcesses, freePort, runEnv } from "../chaos/app-processes";
import { tsProcess } from "../../scripts/lib/ts-process";

let app: AppProcesses | undefined;

afterAll(async () => {
  await app?.stopAll();
}, 60_000);

describe("web shutdown", () => {
  it("a web without a worker (its health poll still running) exits within seconds of SIGTERM", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    app = new AppProcesses(
      runEnv(base, { PORT: String(port) }),
      base,
      { web: { role: "web" } },
    );
    await app.start("web");
    // A client's pooled keep-alive connection, and one opened ahead of use that has sent nothing yet
    // (load balancers and HTTP clients pre-connect): Node's closeIdleConnections leaves the latter.
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/api/ping`)).text();
    const preconnected = net.connect(port, "127.0.0.1");
    preconnected.on("error", () => {});
    await new Promise((r) => preconnected.once("connect", r));
    await new Promise((r) => setTimeout(r, 1500));
    await app.stopAll();
    expect(app.stopMs.web, app.output("web")).toBeLessThan(10_000);
    expect(app.output("web")).not.toContain("did not stop");
    preconnected.destroy();
  }, 120_000);

  it("a SIGTERM while the web server is still starting (listening, its first request not yet answered) stops it cleanly with exit 0", async () => {
    // The web server alone, as scripts/start.ts runs it: the port accepts connections from listen()
    // on, seconds before it announces itself. Before, its signal handlers were installed only after
    // that, so a SIGTERM in between killed it by the signal, cutting whatever it was answering.
    const port = await freePort();
    const run = tsProcess(path.resolve(import.meta.dirname, "../../scripts/web-server.ts"));
    const child = spawn(run.command, run.args, {
      env: { ...process.env, ...runEnv(`http://127.0.0.1:${port}`, { PORT: String(port) }), NODE_ENV: "production", TZ: "Asia/Shanghai" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const canConnect = () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => (s.destroy(), resolve(true)));
        s.on("error", () => resolve(false));
      });
    const deadline = Date.now() + 60_000;
    while (!(await canConnect())) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the web server never listened:\n${output}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const announcedBeforeSignal = output.includes("web server listening");
    child.kill("SIGTERM");
    const [code, signal] = await exited;
    expect({ code, signal, announcedBeforeSignal }, output).toEqual({ code: 0, signal: null, announcedBeforeSignal: false });
  }, 120_000);
});
