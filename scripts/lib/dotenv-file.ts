import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { configSchema } from "../../lib/config";

/** One line of explanation per variable; the default values themselves come from configSchema. */
const HELP: Record<string, string> = {
  PORT: "port of the web app",
  DATABASE_URL: "MySQL/MariaDB; the database is created and migrated on start",
  REDIS_URL: "Redis for queues, rate limits and the worker heartbeat",
  REDIS_PREFIX: "prefix of every Redis key, so two deployments can share one Redis",
  REDIS_CLUSTER_NODES: "host:port,host:port,… of a Redis Cluster, used instead of REDIS_URL (docs/deployment.md)",
  PUBLIC_BASE_URL: "the base of the callback URLs handed to Alipay and WeChat Pay",
  ALIPAY_GATEWAY: "live-mode Alipay endpoint",
  WECHATPAY_API_BASE: "live-mode WeChat Pay endpoint",
  NOTIFY_ALLOW_PRIVATE_HOSTS: "1 lets notify URLs point at loopback or private networks (local testing only)",
  NOTIFY_CONCURRENCY: "webhook deliveries one worker process runs at once",
  SANDBOX_ENABLED: "test mode's built-in channel sandbox",
  TIME_SCALE: "divides retry schedules; leave at 1 outside tests",
  LOG_LEVEL: "fatal, error, warn, info, debug, trace or silent",
  WORKER_METRICS_PORT: "where the worker serves its Prometheus metrics (GET /metrics, bearer METRICS_TOKEN)",
  WORKER_METRICS_HOST: "the worker metrics address; 127.0.0.1 keeps them on this machine",
};

/** Bearer token of /api/metrics and the worker's metrics port. */
const newMetricsToken = () => crypto.randomBytes(24).toString("base64url");

function envValue(value: unknown): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

/** The text of a local .env: fresh secrets, every other variable commented out at its default. */
export function localDotEnvText(): string {
  const secrets = {
    PAYRELAY_MASTER_KEY: crypto.randomBytes(32).toString("base64"),
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    METRICS_TOKEN: newMetricsToken(),
  };
  const defaults = configSchema.parse(secrets);
  const lines = [
    "# payrelay local configuration, written by `npm start` on first run. Not committed (.gitignore).",
    "# PAYRELAY_MASTER_KEY encrypts channel secrets at rest: lose it and stored channel keys are unreadable.",
    `PAYRELAY_MASTER_KEY=${secrets.PAYRELAY_MASTER_KEY}`,
    "# Signs portal sessions; changing it signs everyone out.",
    `AUTH_SECRET=${secrets.AUTH_SECRET}`,
    "# Bearer token of the Prometheus endpoints (/api/metrics and the worker's port). Empty: no metrics endpoint.",
    `METRICS_TOKEN=${secrets.METRICS_TOKEN}`,
    "",
    "# Defaults (uncomment to change):",
  ];
  for (const [name, value] of Object.entries(defaults)) {
    // npm start runs its children with NODE_ENV=production; a commented default here would only mislead.
    if (name in secrets || name === "NODE_ENV") continue;
    if (HELP[name]) lines.push(`# ${name}: ${HELP[name]}`);
    lines.push(value === undefined ? `# ${name}=` : `# ${name}=${envValue(value)}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes a local .env when there is none and the environment does not already carry the secrets
 * (a container or the e2e run passes them directly; a stray .env with other keys would only confuse).
 * Returns the path written, or undefined.
 */
export function writeLocalDotEnvIfMissing(root: string): string | undefined {
  const file = path.join(root, ".env");
  if (fs.existsSync(file)) return undefined;
  if (process.env.PAYRELAY_MASTER_KEY && process.env.AUTH_SECRET) return undefined;
  // "wx": never overwrite a file another start created a moment ago; 0600: it holds the master key.
  try {
    fs.writeFileSync(file, localDotEnvText(), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw error;
  }
  return file;
}

/**
 * A .env from before METRICS_TOKEN existed gets one appended, as a fresh .env would have it; a .env
 * that names it at all (even empty, which switches metrics off) is left alone. Returns whether it wrote.
 */
export function addMetricsTokenIfMissing(root: string): boolean {
  const file = path.join(root, ".env");
  if (process.env.METRICS_TOKEN !== undefined || !fs.existsSync(file)) return false;
  const text = fs.readFileSync(file, "utf8");
  if (/^\s*#?\s*METRICS_TOKEN\s*=/m.test(text)) return false;
  const separator = text.endsWith("\n") || text === "" ? "" : "\n";
  fs.appendFileSync(file, `${separator}# Bearer token of the Prometheus endpoints, added by npm start. Empty: no metrics endpoint.\nMETRICS_TOKEN=${newMetricsToken()}\n`);
  return true;
}
