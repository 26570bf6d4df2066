/**
 * A web process stops on SIGTERM at once, also with client connections open: a pooled keep-alive one
 * and one opened ahead of use that has sent nothing yet. Node's closeIdleConnections leaves the
 * latter alone and server.close() waits for it until headersTimeout (66 s), so before
 * scripts/web-server.ts closed every connection without a request in flight, such a connection held
 * the web until `npm start`'s supervisor killed it 20 s later ("web did not stop within 20 s").
 */
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { AppProcesses, freePort } from "../chaos/app-processes";

let app: AppProcesses | undefined;

afterAll(async () => {
  await app?.stopAll();
}, 60_000);

describe("web shutdown", () => {
  it("a web without a worker (its health poll still running) exits within seconds of SIGTERM", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    app = new AppProcesses(
      {
        PORT: String(port),
        DATABASE_URL: process.env.DATABASE_URL!,
        REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        REDIS_PREFIX: process.env.REDIS_PREFIX!,
        PUBLIC_BASE_URL: base,
        PAYRELAY_MASTER_KEY: process.env.PAYRELAY_MASTER_KEY!,
        AUTH_SECRET: process.env.AUTH_SECRET!,
        LOG_LEVEL: "warn",
      },
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
});
