import { describe, expect, it, afterAll } from "vitest";
import { Cluster } from "ioredis";
import { Queue, Worker } from "bullmq";
import { redis, redisKeyPrefix } from "../../lib/redis";
import { bullConnection, bullPrefix, closeQueues } from "../../lib/queue";
import { chargeBudgets } from "../../lib/api/rate-limit";
import { reserveSignInAttempt, SIGN_IN_LIMITS } from "../../lib/merchants/sign-in-throttle";
import { acquireLocks, releaseLocks, newLockToken } from "../../lib/redis-lock";

/**
 * Runs only in `npm run test:cluster` (vitest.cluster.config.ts), against the local 3-master cluster
 * its global setup starts. The integration tests listed in that config run there too; this file
 * checks what they take for granted: the client really is a cluster client, every key of the
 * installation lands in one slot, and the multi-key operations do not answer CROSSSLOT.
 */
describe("on a real Redis Cluster", () => {
  afterAll(async () => {
    await closeQueues();
  });

  it("talks to a cluster of three masters", async () => {
    const client = redis();
    expect(client).toBeInstanceOf(Cluster);
    await client.set("probe", "1");
    expect((client as Cluster).nodes("master")).toHaveLength(3);
  });

  it("runs the multi-key limiter, throttle and lock operations in one slot", async () => {
    const budgets = [
      { key: "rl:key:key_a", limit: 5, periodMs: 1000 },
      { key: "rl:addr:mer_a:test:127.0.0.1", limit: 2, periodMs: 60_000 },
    ];
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push((await chargeBudgets(budgets)).allowed);
    expect(decisions).toEqual([true, true, false]);

    expect(await reserveSignInAttempt("owner@example.com", "203.0.113.9", SIGN_IN_LIMITS)).toBe(0);

    const token = newLockToken();
    const keys = ["lock:a", "lock:b", "lock:c", "lock:d"];
    expect(await acquireLocks(keys, token, 5000)).toEqual(keys);
    expect(await acquireLocks(keys, newLockToken(), 5000)).toEqual([]);
    await releaseLocks(keys, token);
    expect(await acquireLocks(keys, token, 5000)).toEqual(keys);
  });

  it("runs a BullMQ queue and worker under the hash-tagged prefix", async () => {
    const prefix = bullPrefix();
    expect(prefix.startsWith(redisKeyPrefix())).toBe(true);
    const q = new Queue("cluster-probe", { connection: bullConnection(), prefix });
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      const w = new Worker(
        "cluster-probe",
        async (job) => {
          seen.push(job.data.n as number);
          if (seen.length === 3) resolve();
        },
        { connection: bullConnection(), prefix },
      );
      afterAll(() => w.close());
    });
    await q.addBulk([1, 2, 3].map((n) => ({ name: "probe", data: { n }, opts: { delay: n === 3 ? 50 : 0 } })));
    await done;
    expect(seen.sort()).toEqual([1, 2, 3]);
    await q.close();
  });

  it("keeps every key of the installation in one slot on one master", async () => {
    const client = redis() as Cluster;
    const pattern = `${redisKeyPrefix()}*`;
    const found: { node: string; key: string; slot: number }[] = [];
    for (const node of client.nodes("master")) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        cursor = next;
        for (const key of keys) found.push({ node: `${node.options.port}`, key, slot: Number(await node.call("CLUSTER", "KEYSLOT", key)) });
      } while (cursor !== "0");
    }
    // The tests above left limiter, throttle, lock and BullMQ keys behind.
    expect(found.length).toBeGreaterThan(10);
    expect(new Set(found.map((f) => f.slot)).size).toBe(1);
    expect(new Set(found.map((f) => f.node)).size).toBe(1);
  });
});
