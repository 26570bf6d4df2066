import { afterAll, describe, expect, it, vi } from "vitest";
import type { Pool } from "mysql2/promise";

/**
 * Next builds the instrumentation hook (which hands the web server its callback handler) as a
 * module graph of its own. Two graphs of the same modules must share the process's connections
 * (lib/process-shared.ts): before, each graph opened its own database pool, one-trip pool and Redis
 * connection, and the web held twice the connections it was sized for.
 */
/** The mysql2 pool a drizzle instance wraps. */
const poolOf = (d: unknown) => (d as { $client: Pool }).$client;

async function graph() {
  vi.resetModules();
  const [client, oneTrip, redisModule] = await Promise.all([import("../../lib/db/client"), import("../../lib/db/one-trip"), import("../../lib/redis")]);
  return { client, oneTrip, redisModule };
}

afterAll(async () => {
  const { client, redisModule } = await graph();
  await Promise.all([client.closeDb(), redisModule.closeRedis()]);
});

describe("connections shared by every module graph of the process", () => {
  it("two graphs use one database pool, one one-trip pool and one Redis connection", async () => {
    const a = await graph();
    const b = await graph();
    expect(a.client).not.toBe(b.client); // really two module instances
    expect(poolOf(a.client.db())).toBe(poolOf(b.client.db()));
    expect(a.redisModule.redis()).toBe(b.redisModule.redis());
    // The one-trip pool: a trip from each graph, then both see the same pool's connections.
    await a.oneTrip.commitInOneTrip([{ sql: "select 1", values: [] }]);
    await b.oneTrip.commitInOneTrip([{ sql: "select 1", values: [] }]);
    const pool = (globalThis as Record<symbol, { pool?: { _allConnections?: { length: number } } }>)[Symbol.for("payrelay.one-trip-pool")]?.pool;
    expect(pool?._allConnections?.length).toBe(1);
  });

  it("a pool closed by one graph is reopened for the other, not used closed", async () => {
    const a = await graph();
    const b = await graph();
    const before = poolOf(b.client.db());
    await a.client.closeDb();
    const after = poolOf(b.client.db());
    expect(after).not.toBe(before);
    expect(after).toBe(poolOf(a.client.db()));
    const [rows] = await poolOf(b.client.db()).query("select 1 as one");
    expect(rows).toEqual([{ one: 1 }]);
  });
});
