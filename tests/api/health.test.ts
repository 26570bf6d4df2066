import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { redis } from "../../lib/redis";
import { WORKER_HEARTBEAT_KEY } from "../../lib/health/check-health";

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
