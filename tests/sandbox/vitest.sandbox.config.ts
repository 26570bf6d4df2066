import { defineConfig } from "vitest/config";
import path from "node:path";

/** The sandbox tests need no database: this config runs them without the per-file DB setup. */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "../..") } },
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    include: ["tests/sandbox/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: "Asia/Shanghai", LOG_LEVEL: "silent" },
  },
});
