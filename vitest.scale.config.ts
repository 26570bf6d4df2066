import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * The scale-out test (tests/scale, issue 18): two web and two worker processes of the production
 * build on one MariaDB and one Redis. `npm run scale-test` runs a few thousand payments
 * (SCALE_PAYMENTS, default 2000); `npm test` a CI-sized run. Needs a build, as the chaos test does.
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/scale/**/*.scale.ts"],
    globalSetup: ["tests/chaos/global-setup.ts"],
    setupFiles: ["tests/setup/per-file-db.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 30 * 60_000,
    hookTimeout: 240_000,
    env: { TZ: "Asia/Shanghai", LOG_LEVEL: "silent" },
  },
});
