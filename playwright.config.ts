import { defineConfig } from "@playwright/test";

/**
 * The e2e run starts payrelay the way a user does (`npm start`: migrate, build if stale,
 * web + worker) on port 3100, against a database and Redis prefix of its own that teardown removes.
 * Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser here.
 */

// Evaluated again in every worker process; the main process sets the run id first and the workers
// inherit it through the environment, so all of them agree on one database.
process.env.PAYRELAY_E2E_RUN ??= String(Date.now());
const run = process.env.PAYRELAY_E2E_RUN;
// E2E_PORT lets two checkouts of the project run their e2e suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

function e2eDatabaseUrl(): string {
  const url = new URL(process.env.E2E_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/");
  url.pathname = `/payrelay_e2e_${run}`;
  return url.toString();
}

export const e2eEnv = {
  PORT: String(PORT),
  DATABASE_URL: e2eDatabaseUrl(),
  REDIS_URL: process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379",
  REDIS_PREFIX: `payrelay_e2e_${run}`,
  PUBLIC_BASE_URL: BASE_URL,
  NOTIFY_ALLOW_PRIVATE_HOSTS: "1",
  SANDBOX_ENABLED: "1",
  LOG_LEVEL: "warn",
  // Fixed test secrets, so the run never depends on (or writes) a developer's .env.
  PAYRELAY_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
  AUTH_SECRET: "e2e-auth-secret-e2e-auth-secret-e2e-auth-secret",
  METRICS_TOKEN: "e2e-metrics-token-e2e-metrics-token",
  // The worker's own metrics port, derived from the web port so side-by-side runs do not collide.
  WORKER_METRICS_PORT: String(PORT + 20000),
};
for (const [name, value] of Object.entries(e2eEnv)) process.env[name] = value;

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/artifacts/test-results",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "chromium", testIgnore: /portal\.spec\.ts$/, use: { ...chromium } },
    // The portal's journey once per language: the browser's Accept-Language picks it, and the spec
    // reads every label it looks for from that language's message file (metadata.locale).
    { name: "portal-zh-CN", testMatch: /portal\.spec\.ts$/, metadata: { locale: "zh-CN" }, use: { ...chromium, locale: "zh-CN", actionTimeout: 20_000 } },
    { name: "portal-en", testMatch: /portal\.spec\.ts$/, metadata: { locale: "en" }, use: { ...chromium, locale: "en-US", actionTimeout: 20_000 } },
  ],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${BASE_URL}/api/health`,
    env: e2eEnv,
    // A first `next build` on two cores takes minutes.
    timeout: 6 * 60_000,
    // Never test against some other server that happens to hold the port, with another database.
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets scripts/start.ts stop the web app and the worker cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
