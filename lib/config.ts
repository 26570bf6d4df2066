import { z } from "zod";
import { parseTrustedProxies } from "./ip";

/**
 * The environment, parsed once. A missing or malformed value stops start-up with one line that
 * names the variable, so an operator never has to read a stack trace to find a typo in .env.
 */
const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const base64Key32 = z.string().refine((v) => {
  try {
    return Buffer.from(v, "base64").length === 32;
  } catch {
    return false;
  }
}, "must be 32 random bytes, base64-encoded (openssl rand -base64 32)");

const mysqlUrl = z
  .string()
  .url()
  .refine((v) => v.startsWith("mysql://"), "must be a mysql:// URL");

const redisUrl = z
  .string()
  .url()
  .refine((v) => /^rediss?:\/\//.test(v), "must be a redis:// or rediss:// URL");

/** One REDIS_CLUSTER_NODES entry: `host:port`, `[v6]:port` or a redis(s):// URL. */
function isRedisNode(entry: string): boolean {
  if (/^rediss?:\/\//.test(entry)) return URL.canParse(entry);
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(entry);
}

const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
  .transform((v) => v.replace(/\/+$/, ""));

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: mysqlUrl.default("mysql://root@127.0.0.1:3306/payrelay"),
  REDIS_URL: redisUrl.default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key and BullMQ queue, so two deployments (or test runs) can share a Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]{1,32}$/, "letters, digits, _ and - only").default("payrelay"),
  /**
   * `host:port,host:port,…` (or `redis://user:pass@host:port` / `rediss://…` entries): use this Redis
   * Cluster instead of REDIS_URL. Credentials and TLS of the first entry apply to every node.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || v.split(",").every((entry) => isRedisNode(entry.trim())), "a comma-separated list of host:port"),
  PAYRELAY_MASTER_KEY: base64Key32,
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  PUBLIC_BASE_URL: httpUrl.default("http://localhost:3000"),
  ALIPAY_GATEWAY: httpUrl.default("https://openapi.alipay.com/gateway.do"),
  WECHATPAY_API_BASE: httpUrl.default("https://api.mch.weixin.qq.com"),
  NOTIFY_ALLOW_PRIVATE_HOSTS: bool.default(false),
  /**
   * Webhook deliveries one worker process runs at once. Each mostly waits (on the merchant's server,
   * on the batched commit of its attempt), so a high number costs little; see docs/benchmarks.md.
   */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(200),
  /**
   * Test-mode deliveries run in a lane of their own (queue `notify-test`, its own slots), so a test
   * load never waits in front of a live notification; this is that lane's concurrency per process.
   */
  NOTIFY_TEST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  /**
   * Deliveries in flight at once for one merchant, and to one destination host (host:port), per
   * mode, across every worker process (lib/notify/slots.ts). One merchant whose endpoint holds
   * connections open then cannot take every slot from the others.
   */
  NOTIFY_MAX_PER_MERCHANT: z.coerce.number().int().min(1).max(10_000).default(20),
  NOTIFY_MAX_PER_HOST: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * How long a pay URL the hosted checkout hands out for a channel whose payment a close cannot stop
   * before the buyer opens it (Alipay H5 and PC: `time_expire`) stays payable. A buyer who comes back
   * later gets a fresh URL; an old one left in a tab stops working after this, so a session is not
   * paid twice through it. Seconds.
   */
  CHECKOUT_PAY_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Test mode's built-in channel sandbox; a live-only deployment switches it off. */
  SANDBOX_ENABLED: bool.default(true),
  /** Divides retry schedules (webhooks, sandbox notifications); tests use a large value. */
  TIME_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
  /**
   * Bearer token of the Prometheus endpoints (the web app's /api/metrics, the worker's own port).
   * Unset or empty: no metrics endpoint at all.
   */
  METRICS_TOKEN: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.union([z.literal(""), z.string().min(16, "must be at least 16 characters (openssl rand -hex 32)")]))
    .transform((v) => v || undefined)
    .optional(),
  /** Where a worker process serves its own metrics (GET /metrics, same token). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9464),
  WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** API rate budgets (docs/api.md "Rate limits"); a load test sets them high. */
  RATE_LIMIT_LIVE_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000_000).default(100),
  RATE_LIMIT_TEST_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000_000).default(25),
  /** Order and checkout-session creations per minute per client address with a publishable key. */
  RATE_LIMIT_PUBLISHABLE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(20),
  /**
   * The reverse proxies allowed to say who the client is (X-Forwarded-For): addresses or CIDRs,
   * IPv4 or IPv6, comma- or space-separated. Empty: the client address is the socket's.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `must list IP addresses or CIDRs: ${(error as Error).message}` });
      }
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws ConfigError with one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const message = issue.code === "invalid_type" && env[name] === undefined ? "is required" : issue.message;
    return `Configuration error: ${name} ${message}`;
  });
  throw new ConfigError(lines.join("\n"));
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests change the environment between files; production never calls this. */
export function resetConfigForTests(): void {
  cached = undefined;
}
