import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * `npm run test:cluster` (issue 18): the payment, notification, limiter and idempotency integration
 * tests again, with REDIS_CLUSTER_NODES pointing at a real local 3-master Redis Cluster that
 * tests/cluster/global-setup.ts starts (and stops) with Debian's redis-server and redis-cli.
 */
// The same ports as tests/cluster/ports.ts (imported there by the global setup).
const base = Number(process.env.CLUSTER_TEST_PORT ?? 7301);
const CLUSTER_NODES = [0, 1, 2].map((i) => `127.0.0.1:${base + i}`).join(",");

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: [
      "tests/cluster/**/*.cluster.ts",
      "tests/orders/**/*.test.ts",
      "tests/checkout/**/*.test.ts",
      "tests/refunds/**/*.test.ts",
      "tests/events/**/*.test.ts",
      "tests/webhook-endpoints/**/*.test.ts",
      "tests/notify/**/*.test.ts",
      "tests/api/rate-limits.test.ts",
      "tests/api/errors-and-idempotency.test.ts",
      "tests/api/health.test.ts",
      "tests/portal/sign-in.test.ts",
    ],
    // It makes Redis unreachable by pointing REDIS_URL at a closed port, which cluster mode does not read.
    exclude: ["tests/notify/crash-recovery.test.ts"],
    globalSetup: ["tests/cluster/global-setup.ts"],
    setupFiles: ["tests/setup/per-file-db.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: "Asia/Shanghai", LOG_LEVEL: "silent", REDIS_CLUSTER_NODES: CLUSTER_NODES },
  },
});
