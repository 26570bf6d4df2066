import { createHash } from "node:crypto";
import { redis } from "../redis";
import { ApiError, invalid } from "./errors";

const TTL_SECONDS = 24 * 60 * 60;
/** How long an unfinished request holds its key; longer than any request may run, short enough that a crash frees it. */
const IN_PROGRESS_MS = 60_000;

type Record_ =
  | { state: "in_progress"; fingerprint: string }
  | { state: "done"; fingerprint: string; status: number; body: unknown };

export type IdempotencyOutcome =
  | { kind: "proceed"; complete: (status: number, body: unknown) => Promise<void>; abandon: () => Promise<void> }
  | { kind: "replay"; status: number; body: unknown };

/** Key order does not change a JSON object's meaning, so it must not change its fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function validateIdempotencyKey(key: string): void {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalid(
      "idempotency_key_invalid",
      "Idempotency-Key must be 1-255 printable ASCII characters without spaces.",
      "Idempotency-Key",
    );
  }
}

/**
 * Stripe's idempotency rules (docs/api.md): the same key with the same request replays the first
 * response for 24 h; a different request under the key is 409 reused; a concurrent one is 409 in progress.
 * Responses of 500 and above are not kept, so a retry after our failure runs again.
 */
export async function beginIdempotent(
  scope: string,
  key: string,
  request: { method: string; path: string; body: unknown },
): Promise<IdempotencyOutcome> {
  validateIdempotencyKey(key);
  const fingerprint = createHash("sha256")
    .update(`${request.method} ${request.path}\n${canonical(request.body)}`)
    .digest("hex");
  const redisKey = `idem:${scope}:${createHash("sha256").update(key).digest("hex")}`;
  const r = redis();
  let acquired: string | null;
  try {
    acquired = await r.set(redisKey, JSON.stringify({ state: "in_progress", fingerprint }), "PX", IN_PROGRESS_MS, "NX");
  } catch {
    // Without the store we cannot promise exactly-once; refusing is safer than running twice.
    throw new ApiError("internal", "idempotency_unavailable", "Idempotency is temporarily unavailable; retry shortly.", {
      status: 503,
    });
  }
  if (acquired === "OK") {
    return {
      kind: "proceed",
      complete: async (status, body) => {
        if (status >= 500) await r.del(redisKey);
        else await r.set(redisKey, JSON.stringify({ state: "done", fingerprint, status, body }), "EX", TTL_SECONDS);
      },
      abandon: async () => {
        await r.del(redisKey);
      },
    };
  }
  const raw = await r.get(redisKey);
  if (raw === null) return beginIdempotent(scope, key, request); // expired between SET and GET
  const existing = JSON.parse(raw) as Record_;
  if (existing.fingerprint !== fingerprint) {
    throw new ApiError(
      "conflict",
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
    );
  }
  if (existing.state === "in_progress") {
    throw new ApiError(
      "conflict",
      "idempotency_in_progress",
      "A request with this Idempotency-Key is still being processed. Retry after it completes.",
    );
  }
  return { kind: "replay", status: existing.status, body: existing.body };
}
