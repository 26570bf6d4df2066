import { createHash } from "node:crypto";
import { redis } from "../redis";
import { ApiError, invalid } from "./errors";
import { logger } from "../log";

const TTL_SECONDS = 24 * 60 * 60;
/** How long an unfinished request holds its key; longer than any request may run, short enough that a crash frees it. */
const IN_PROGRESS_MS = 60_000;

type Record_ =
  | { state: "in_progress"; fingerprint: string }
  | { state: "done"; fingerprint: string; status: number; body: unknown };

export type IdempotencyOutcome =
  | {
      kind: "proceed";
      /** What a handler may store with what it creates, so a retry can find it without Redis (see `DurableIdempotency`). */
      durable: DurableIdempotency;
      complete: (status: number, body: unknown) => Promise<void>;
      abandon: () => Promise<void>;
    }
  | { kind: "replay"; status: number; body: unknown };

/**
 * The request's Idempotency-Key in a form to store with a row it creates: `key` is unique per API
 * key and Idempotency-Key (sha256, hex), `fingerprint` identifies the request. Redis holds the
 * answer; a row holding these survives what Redis cannot know: a process that died after its commit
 * and before it recorded the answer (the in-progress lock then lapses and a retry runs again).
 */
export type DurableIdempotency = { key: string; fingerprint: string };

/**
 * The body's fingerprint text: key order does not change a JSON object's meaning, so it must not
 * change its fingerprint. Written with an explicit stack, not recursion, so no nesting depth can
 * overflow the call stack (issue 12: a deeply nested body was a 500).
 */
export function canonicalJson(root: unknown): string {
  const out: string[] = [];
  // A frame is either a value still to write or literal text (brackets, commas, keys) to emit as is.
  const stack: ({ text: string } | { value: unknown })[] = [{ value: root }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ("text" in frame) {
      out.push(frame.text);
      continue;
    }
    const value = frame.value;
    if (Array.isArray(value)) {
      stack.push({ text: "]" });
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i] });
        if (i > 0) stack.push({ text: "," });
      }
      stack.push({ text: "[" });
    } else if (value && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      stack.push({ text: "}" });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push({ value: v });
        stack.push({ text: `${i > 0 ? "," : ""}${JSON.stringify(k)}:` });
      }
      stack.push({ text: "{" });
    } else {
      out.push(JSON.stringify(value) ?? "null");
    }
  }
  return out.join("");
}

/** The 409 for an Idempotency-Key sent again with a different request (here, and where a row holds the key). */
export function idempotencyKeyReused(): ApiError {
  return new ApiError("conflict", "idempotency_key_reused", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
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

/** Waits between attempts to record a completion; after these the record is retried in the background. */
const COMPLETE_RETRY_MS = [0, 50, 250];
const BACKGROUND_RETRY_MS = 2_000;

/**
 * Whether an answer is kept for replay. Our own failures (500, 503) are not, so a retry runs again;
 * a channel_error (502) is: the order it carries exists, and a retry must not make a second one.
 */
export function isReplayable(status: number, body: unknown): boolean {
  if (status < 500) return true;
  return (body as { error?: { type?: unknown } } | null)?.error?.type === "channel_error";
}

/**
 * Stripe's idempotency rules (docs/api.md): the same key with the same request replays the first
 * response for 24 h; a different request under the key is 409 reused; a concurrent one is 409 in progress.
 * `scope` is the API key's id (shared/API.md: keys never share a namespace).
 */
export async function beginIdempotent(
  scope: string,
  key: string,
  request: { method: string; path: string; body: unknown },
): Promise<IdempotencyOutcome> {
  validateIdempotencyKey(key);
  const fingerprint = createHash("sha256")
    .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
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
      durable: { key: createHash("sha256").update(redisKey).digest("hex"), fingerprint },
      complete: async (status, body) => {
        if (!isReplayable(status, body)) {
          await r.del(redisKey);
          return;
        }
        // The request has run: its key must never be let go, or a retry would run it twice. If the
        // record cannot be written, the in-progress lock stays (a retry gets 409 in progress) and
        // the write is retried in the background until it lands or the lock has lapsed.
        const record = JSON.stringify({ state: "done", fingerprint, status, body });
        const write = () => r.set(redisKey, record, "EX", TTL_SECONDS);
        for (const wait of COMPLETE_RETRY_MS) {
          if (wait > 0) await sleep(wait);
          try {
            await write();
            return;
          } catch {
            /* retried below */
          }
        }
        keepTrying(write, Date.now() + IN_PROGRESS_MS);
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
    throw idempotencyKeyReused();
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function keepTrying(write: () => Promise<unknown>, until: number): void {
  const attempt = () => {
    write().catch(() => {
      if (Date.now() + BACKGROUND_RETRY_MS < until) setTimeout(attempt, BACKGROUND_RETRY_MS).unref();
      else logger().error("idempotency: a completed request could not be recorded; its key lapses with the in-progress lock");
    });
  };
  setTimeout(attempt, BACKGROUND_RETRY_MS).unref();
}
