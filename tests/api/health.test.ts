import { afterEach, describe, expect, it, vi } from "vitest";
import { call } from "../helpers/api";
import { redis } from "../../lib/redis";
import { WORKER_HEARTBEAT_KEY } from "../../lib/health/check-health";
import { resetConfigForTests } from "../../lib/config";

describe("GET /api/health", () => {
  it("reports MySQL and Redis, and the worker by its heartbeat", async () => {
    const before = await call("GET", "/api/health");
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: "ok", mysql: { ok: true }, redis: { ok: true }, worker: { ok: false, lastSeenAt: null } });
    await redis().set(WORKER_HEARTBEAT_KEY, new Date().toISOString());
    const after = await call("GET", "/api/health");
    expect(after.body.worker.ok).toBe(true);
    await redis().set(WORKER_HEARTBEAT_KEY, new Date(Date.now() - 5 * 60_000).toISOString());
    expect((await call("GET", "/api/health")).body.worker.ok).toBe(false);
  });
});

describe("GET /api/health when a dependency fails", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.METRICS_TOKEN;
    resetConfigForTests();
  });

  it("tells an unauthenticated caller only that Redis is down; the operator's token shows why", async () => {
    process.env.METRICS_TOKEN = "operator-token-for-health-test-0123456789";
    resetConfigForTests();
    // Fault injection: the driver's error names a host and port, which is no one else's business.
    vi.spyOn(redis(), "ping").mockRejectedValue(new Error("connect ECONNREFUSED 10.1.2.3:6380"));
    const anon = await call("GET", "/api/health");
    expect(anon.status).toBe(503);
    expect(anon.body).toMatchObject({ status: "degraded", redis: { ok: false }, mysql: { ok: true } });
    expect(JSON.stringify(anon.body)).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|error/);
    const wrong = await call("GET", "/api/health", { headers: { authorization: "Bearer nope" } });
    expect(JSON.stringify(wrong.body)).not.toMatch(/ECONNREFUSED/);
    const operator = await call("GET", "/api/health", { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
    expect(operator.status).toBe(503);
    expect(operator.body.redis.error).toContain("ECONNREFUSED 10.1.2.3:6380");
  });
});
