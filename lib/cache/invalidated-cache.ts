import { closeWithRedis, connectRedis, redis, redisKeyPrefix, type RedisClient } from "../redis";
import { logger } from "../log";

/**
 * In-process caches of rows every request reads (API keys, goods, channel accounts: issue 16), kept
 * honest across processes: a change is published on Redis and every process drops the entry at
 * once, so a revoked key stops working everywhere within the time a message takes, not after a TTL.
 *
 * The rules that keep it safe:
 * - A process serves from its caches only while its subscription is live. Until it has subscribed,
 *   and from the moment the connection drops (a missed message cannot be told from no message),
 *   every read goes to the database and the caches are emptied; they fill again once resubscribed.
 * - A read that raced a change is not stored: each cache counts invalidations, and a value loaded
 *   while the count moved is returned but not kept.
 * - The writer invalidates after its commit (and drops its own entry at once, so the same process
 *   never serves the old row even if Redis is down). A TTL bounds what a lost publish could cost.
 * - Misses are never cached: an unknown key costs a lookup each time, as it did.
 */

const CHANNEL = () => `${redisKeyPrefix()}cache-invalidate`;
const caches = new Map<string, InvalidatedCache<unknown>>();

let subscriber: RedisClient | undefined;
let live = false;

function ensureSubscribed(): void {
  if (subscriber) return;
  const sub = connectRedis({ maxRetriesPerRequest: null, connectTimeout: 2000 });
  subscriber = sub;
  const drop = () => {
    live = false;
    for (const c of caches.values()) c.clearLocal();
  };
  let closing = false;
  closeWithRedis(sub, () => {
    closing = true;
    drop();
  });
  sub.on("error", () => {});
  sub.on("close", drop);
  sub.on("end", () => {
    drop();
    // Closed for good (closeRedis): the next read subscribes afresh.
    if (subscriber === sub) subscriber = undefined;
  });
  sub.on("reconnecting", drop);
  sub.on("ready", () => {
    sub.subscribe(CHANNEL()).then(
      () => {
        // A SUBSCRIBE answered after this connection began closing (closeRedis, closeCaches) or
        // dropped again is no live subscription: nothing would tell the caches of a change.
        if (closing || subscriber !== sub || sub.status !== "ready") return;
        // Whatever was published while we were away is lost: start from empty caches.
        for (const c of caches.values()) c.clearLocal();
        live = true;
      },
      (error: unknown) => logger().warn({ err: error }, "cache: could not subscribe; reading through"),
    );
  });
  sub.on("message", (_channel: string, message: string) => {
    const sep = message.indexOf("|");
    const cache = caches.get(sep < 0 ? message : message.slice(0, sep));
    if (!cache) return;
    if (sep < 0) cache.clearLocal();
    else cache.deleteLocal(message.slice(sep + 1));
  });
}

/** Stops the subscription (process shutdown, tests). */
export async function closeCaches(): Promise<void> {
  const sub = subscriber;
  subscriber = undefined;
  live = false;
  for (const c of caches.values()) c.clearLocal();
  if (sub) await sub.quit().catch(() => sub.disconnect());
}

export class InvalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private invalidations = 0;

  constructor(
    readonly name: string,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {
    if (name.includes("|")) throw new Error("a cache name cannot contain |");
    caches.set(name, this as InvalidatedCache<unknown>);
  }

  /** The cached value, or `load()`'s (stored when the subscription is live and nothing changed meanwhile). */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    ensureSubscribed();
    if (live) {
      const hit = this.entries.get(key);
      if (hit && hit.until > Date.now()) return hit.value;
    }
    const before = this.invalidations;
    const value = await load();
    if (value !== null && live && this.invalidations === before) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, until: Date.now() + this.ttlMs });
    }
    return value;
  }

  /** After a committed change of `key` (or of everything, without a key): drop it here and everywhere. */
  async invalidate(key?: string): Promise<void> {
    if (key === undefined) this.clearLocal();
    else this.deleteLocal(key);
    const message = key === undefined ? this.name : `${this.name}|${key}`;
    // Through the command connection: the subscriber cannot publish. A failed publish leaves other
    // processes with the old row until the TTL, or until their own connection trouble clears them.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await redis().publish(CHANNEL(), message);
        return;
      } catch (error) {
        if (attempt === 2) logger().warn({ err: error, cache: this.name }, "cache: could not publish an invalidation");
      }
    }
  }

  deleteLocal(key: string): void {
    this.invalidations++;
    this.entries.delete(key);
  }

  clearLocal(): void {
    this.invalidations++;
    this.entries.clear();
  }
}
