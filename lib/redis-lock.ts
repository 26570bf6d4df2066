import { randomBytes } from "node:crypto";
import { redis } from "./redis";

/**
 * Short locks and leases in Redis: SET NX PX with a random token, released only by whoever holds
 * that token. A lock that expired and was taken by someone else stays theirs: releasing it by key
 * alone would let a slow holder free a lock it no longer owns.
 */
const RELEASE_IF_OURS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export const newLockToken = (): string => randomBytes(16).toString("hex");

/** Takes every key that is free, in one round trip; answers the keys now held with `token`. */
export async function acquireLocks(keys: string[], token: string, ttlMs: number): Promise<string[]> {
  if (keys.length === 0) return [];
  const pipeline = redis().pipeline();
  for (const key of keys) pipeline.set(key, token, "PX", ttlMs, "NX");
  const answers = (await pipeline.exec()) ?? [];
  return keys.filter((_, i) => answers[i]?.[1] === "OK");
}

/** Gives locks back, but only those still held with `token`. */
export async function releaseLocks(keys: string[], token: string): Promise<void> {
  if (keys.length === 0) return;
  const pipeline = redis().pipeline();
  for (const key of keys) pipeline.eval(RELEASE_IF_OURS, 1, key, token);
  await pipeline.exec();
}

/**
 * Runs `fn` holding `key`, waiting up to `waitMs` for a holder to let go; `busy` when it did not.
 * `ttlMs` must outlast `fn`: past it the lock lapses and another caller may take it.
 */
export async function withLock<T>(key: string, opts: { ttlMs: number; waitMs: number; pollMs?: number }, fn: () => Promise<T>): Promise<{ busy: true } | { busy: false; value: T }> {
  const token = newLockToken();
  const deadline = Date.now() + opts.waitMs;
  while ((await acquireLocks([key], token, opts.ttlMs)).length === 0) {
    if (Date.now() > deadline) return { busy: true };
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
  try {
    return { busy: false, value: await fn() };
  } finally {
    await releaseLocks([key], token);
  }
}
