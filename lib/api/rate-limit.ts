import type { Logger } from "pino";
import { config } from "../config";
import { redis, type RedisClient } from "../redis";
import { addressBucket } from "../ip";
import { ApiError } from "./errors";
import type { ResolvedKey } from "../api-keys/api-keys";

/**
 * The API's rate budgets (docs/api.md "Rate limits"), kept in Redis so every web process shares
 * them. Each budget is a GCRA (generic cell rate algorithm: a token bucket stored as one timestamp,
 * the "theoretical arrival time"), `limit` requests per `periodMs` with bursts of up to `limit`.
 *
 * One Lua script checks every budget a request is charged to and, only if all have room, charges
 * them all: atomic, so parallel requests cannot all read "room left" before any is counted, and a
 * request refused by one budget costs nothing from the others. Redis's own clock is used, so web
 * processes on hosts with skewed clocks still agree.
 */
export type Budget = { key: string; limit: number; periodMs: number };

export type BudgetState = { limit: number; remaining: number; resetMs: number };

export type RateDecision = {
  allowed: boolean;
  /** The budget the caller is told about (RateLimit-*): the refusing one, else the one nearest its limit. */
  reported: BudgetState;
  retryAfterMs: number;
};

// KEYS: one per budget. ARGV: limit, periodMs per budget. Returns {allowed, retryAfterMs, then per
// budget: remaining, resetMs}. Timestamps are milliseconds with a fraction ("%.3f"), since the
// emission interval (periodMs / limit) need not be whole.
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #KEYS
local tats, intervals, periods = {}, {}, {}
local retry = 0
for i = 1, n do
  local limit = tonumber(ARGV[2 * i - 1])
  local period = tonumber(ARGV[2 * i])
  local interval = period / limit
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  tats[i], intervals[i], periods[i] = tat, interval, period
  local allowAt = tat + interval - period
  if allowAt > now and allowAt - now > retry then retry = allowAt - now end
end
local out = { retry == 0 and 1 or 0, math.ceil(retry) }
for i = 1, n do
  local tat = tats[i]
  if retry == 0 then
    tat = tat + intervals[i]
    redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1)
  end
  local remaining = math.floor((now - (tat - periods[i])) / intervals[i])
  if remaining < 0 then remaining = 0 end
  out[#out + 1] = remaining
  out[#out + 1] = math.ceil(tat - now)
end
return out
`;

type GcraClient = RedisClient & { payrelayGcra(...args: (string | number)[]): Promise<number[]> };

function gcraClient(): GcraClient {
  const client = redis() as GcraClient;
  if (typeof client.payrelayGcra !== "function") client.defineCommand("payrelayGcra", { lua: GCRA });
  return client;
}

/** Charges one request to every budget, or to none of them when one is spent. */
export async function chargeBudgets(budgets: Budget[]): Promise<RateDecision> {
  const args: (string | number)[] = [budgets.length, ...budgets.map((b) => b.key)];
  for (const b of budgets) args.push(b.limit, b.periodMs);
  const [allowed = 0, retryAfterMs = 0, ...rest] = (await gcraClient().payrelayGcra(...args)).map(Number);
  const states = budgets.map((b, i) => ({ limit: b.limit, remaining: rest[2 * i] ?? 0, resetMs: rest[2 * i + 1] ?? 0 }));
  // Refused: the budget that refused (no room now); allowed: the one with least room left.
  const reported = states.reduce((a, b) => (b.remaining / b.limit < a.remaining / a.limit ? b : a));
  return { allowed: allowed === 1, reported, retryAfterMs };
}

/** The budgets a request made with this key is charged to (docs/api.md "Rate limits"). */
export function keyBudgets(key: ResolvedKey, address: string | null, addressLimited: boolean): Budget[] {
  const c = config();
  const perSecond = key.mode === "live" ? c.RATE_LIMIT_LIVE_PER_SECOND : c.RATE_LIMIT_TEST_PER_SECOND;
  const budgets: Budget[] = [{ key: `rl:key:${key.keyId}`, limit: perSecond, periodMs: 1000 }];
  // Publishable keys are public: anyone can spend the merchant's key budget, so creations are also
  // counted per client address (per merchant and mode, so one merchant's abuser never uses up the
  // address budget that the same carrier NAT's buyers need at another merchant).
  if (addressLimited && key.kind === "publishable") {
    budgets.push({
      key: `rl:addr:${key.merchantId}:${key.mode}:${address ? addressBucket(address) : "unknown"}`,
      limit: c.RATE_LIMIT_PUBLISHABLE_PER_MINUTE,
      periodMs: 60_000,
    });
  }
  return budgets;
}

/**
 * Requests that carry no valid key (missing, unknown or revoked, or a path or method we do not
 * serve) are charged to their client address at the test-key rate: no merchant's budget is theirs
 * to spend, and key guessing costs database lookups.
 */
export function anonymousBudgets(address: string | null): Budget[] {
  return [{ key: `rl:anon:${address ? addressBucket(address) : "unknown"}`, limit: config().RATE_LIMIT_TEST_PER_SECOND, periodMs: 1000 }];
}

/** The contract's headers for the reported budget: the limit, what is left, seconds until it is all back. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "ratelimit-limit": String(decision.reported.limit),
    "ratelimit-remaining": String(decision.reported.remaining),
    "ratelimit-reset": String(Math.max(0, Math.ceil(decision.reported.resetMs / 1000))),
  };
  if (!decision.allowed) headers["retry-after"] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  return headers;
}

/**
 * Charges the budgets and adds their headers to `headers`; throws the contract's 429 when one is
 * spent. A Redis failure lets the request through (logged): the limiter protects the service, it
 * must not be the thing that takes it down.
 */
export async function enforceBudgets(budgets: Budget[], headers: Record<string, string>, log: Logger | undefined): Promise<void> {
  let decision: RateDecision;
  try {
    decision = await chargeBudgets(budgets);
  } catch (error) {
    log?.warn({ err: error }, "rate limiter unavailable; request let through");
    return;
  }
  Object.assign(headers, rateLimitHeaders(decision));
  if (!decision.allowed) {
    throw new ApiError("rate_limited", "rate_limited", `Too many requests. Retry after ${headers["retry-after"]} s.`);
  }
}
