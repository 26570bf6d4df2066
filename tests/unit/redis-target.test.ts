import { describe, expect, it } from "vitest";
import { parseConfig } from "../../lib/config";
import { redisKeyPrefix, redisTarget } from "../../lib/redis";

const good = { PAYRELAY_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"), AUTH_SECRET: "x".repeat(32) };

describe("where Redis is (issue 18)", () => {
  it("uses REDIS_URL unless REDIS_CLUSTER_NODES is set", () => {
    expect(redisTarget(parseConfig({ ...good, REDIS_URL: "redis://10.0.0.9:6380" }))).toEqual({ kind: "single", url: "redis://10.0.0.9:6380" });
    expect(redisTarget(parseConfig({ ...good, REDIS_CLUSTER_NODES: "" })).kind).toBe("single");
  });

  it("reads host:port and URL entries, with the first entry's credentials and TLS for every node", () => {
    const target = redisTarget(parseConfig({ ...good, REDIS_CLUSTER_NODES: "rediss://app:s%40cret@a.example:7000, b.example:7001,[::1]:7002" }));
    expect(target).toEqual({
      kind: "cluster",
      nodes: [
        { host: "a.example", port: 7000 },
        { host: "b.example", port: 7001 },
        { host: "::1", port: 7002 },
      ],
      nodeOptions: { username: "app", password: "s@cret", tls: {} },
    });
  });

  it("hash-tags the key prefix on a cluster only, so a single Redis keeps its keys across the upgrade", () => {
    expect(redisKeyPrefix("payrelay", { kind: "single", url: "redis://127.0.0.1:6379" })).toBe("payrelay:");
    expect(redisKeyPrefix("payrelay", { kind: "cluster", nodes: [{ host: "127.0.0.1", port: 7000 }], nodeOptions: {} })).toBe("{payrelay}:");
  });
});
