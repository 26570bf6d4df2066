import { afterEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { InvalidatedCache } from "../../lib/cache/invalidated-cache";
import { closeRedis } from "../../lib/redis";

const original = Redis.prototype.subscribe;
afterEach(() => {
  Redis.prototype.subscribe = original;
});

/**
 * The caches serve from memory only while their subscription is live (lib/cache/invalidated-cache.ts).
 * A subscription closed while its SUBSCRIBE was still being answered must not turn them live
 * afterwards: nothing would tell them of a change any more.
 */
describe("cache subscription", () => {
  it("a subscription closed while its SUBSCRIBE is under way never makes the caches live", async () => {
    await closeRedis();
    const cache = new InvalidatedCache<string>("subscription-race-test");
    // Hold the subscriber's SUBSCRIBE answer until the connection is being closed.
    let subscribing!: () => void;
    const subscribeSent = new Promise<void>((r) => (subscribing = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    Redis.prototype.subscribe = function (this: Redis, ...args: Parameters<Redis["subscribe"]>) {
      const answered = original.apply(this, args);
      subscribing();
      return gate.then(() => answered);
    } as Redis["subscribe"];
    expect(await cache.get("k", async () => "first")).toBe("first"); // starts the subscription
    await subscribeSent;
    await closeRedis(); // the subscription is closing: caches are not live...
    Redis.prototype.subscribe = original;
    release(); // ...and the late SUBSCRIBE answer must not make them live again.
    await new Promise((r) => setTimeout(r, 0));
    // Read twice at once, before a new subscription can be up: nothing may be served from memory.
    expect(await cache.get("k", async () => "second")).toBe("second");
    expect(await cache.get("k", async () => "third")).toBe("third");
  });
});
