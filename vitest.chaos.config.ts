import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * The process-level crash test (tests/chaos, `npm run chaos`): payrelay's production build run as
 * `npm start` runs it, in child processes the test kills. Kept out of `vitest run` (vitest.config.ts
 * includes *.test.ts only) because it needs a `next build`; globalSetup makes one if none is fresh,
 * and in `npm test` it runs after Playwright, whose start already built exactly these sources.
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/chaos/**/*.chaos.ts"],
    globalSetup: ["tests/chaos/global-setup.ts"],
    setupFiles: ["tests/setup/per-file-db.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 15 * 60_000,
    hookTimeout: 180_000,
    env: { TZ: "Asia/Shanghai", LOG_LEVEL: "silent" },
  },
});
