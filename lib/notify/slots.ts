import { config } from "../config";
import { redis } from "../redis";
import type { NotifyLane } from "../queue";
import { CLAIM_LEASE_MS } from "./schedule";

/**
 * Fair shares of the delivery slots: at most NOTIFY_MAX_PER_MERCHANT attempts in flight for one
 * merchant and NOTIFY_MAX_PER_HOST to one destination host (host:port), per lane (live, test),
 * counted in Redis so every worker process shares them. Without them one merchant whose endpoint
 * holds connections for 9 s fills every slot of every worker, and every other merchant's
 * `order.paid` waits behind it (issue 12).
 *
 * A slot is a member of a sorted set scored by its expiry, the claim lease's (the attempt deadline
 * plus a margin): a worker SIGKILLed mid-attempt leaks nothing, its slots lapse with its leases.
 *
 * A delivery that finds no free slot is neither failed nor counted as an attempt: it is parked in
 * the merchant's (or host's) wait list, ordered by when it first waited, and its claim lease is
 * given back. Whoever ends an attempt hands the freed slot to the first waiter (reserved for it, so
 * a newcomer cannot take it first) and queues a job for it; the relay's timer does the same for
 * slots that lapsed (`wakeIdle`). So the claim loop never waits for a slot: it moves on to the
 * next merchant's deliveries, and a waiting merchant costs one job per slot it gets, not polling.
 */

export type SlotItem = { id: string; merchantId: string; host: string };

/** The destination a host cap counts: host and port, as the URL spells it (lower case). */
export function slotHost(url: string): string {
  try {
    return new URL(url).host.toLowerCase() || "-";
  } catch {
    return "-"; // unparsable: the attempt fails at once with "invalid URL"
  }
}

const keys = (lane: NotifyLane) => ({
  parked: `notify:parked:${lane}`,
  registry: `notify:waiting:${lane}`,
  slots: (desc: string) => `notify:slots:${lane}:${desc}`,
  wait: (desc: string) => `notify:wait:${lane}:${desc}`,
});
const merchantDesc = (merchantId: string) => `m:${merchantId}`;
const hostDesc = (host: string) => `h:${host}`;
const caps = () => [config().NOTIFY_MAX_PER_MERCHANT, config().NOTIFY_MAX_PER_HOST] as const;

// Redis's clock, not the workers': every process judges a slot's expiry by the same clock.
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Hands up to `free` slots of one (slots, wait) pair to its first waiters, reserved for them. */
const HAND_ON = `
local function handOn(slots, wait, cap, parked, leaseMs, now, out)
  redis.call('ZREMRANGEBYSCORE', slots, '-inf', now)
  local free = cap - redis.call('ZCARD', slots)
  if free <= 0 then return end
  local popped = redis.call('ZPOPMIN', wait, free)
  for j = 1, #popped, 2 do
    local id = popped[j]
    redis.call('ZADD', slots, now + leaseMs, id)
    redis.call('ZREM', parked, id)
    out[#out + 1] = id
  end
end`;

/**
 * KEYS: parked, registry, then per item its merchant slots, host slots, merchant wait, host wait.
 * ARGV: lease ms, merchant cap, host cap, then per item its id, merchant desc, host desc.
 * Items are tried in order; answers the ids granted a slot on both sides. A delivery holding a
 * reservation (handed on to it) counts as fitting on that side.
 */
const TAKE = `${NOW}
local leaseMs, capM, capH = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local granted = {}
for i = 0, (#KEYS - 2) / 4 - 1 do
  local ms, hs, mw, hw = KEYS[3 + i * 4], KEYS[4 + i * 4], KEYS[5 + i * 4], KEYS[6 + i * 4]
  local id, md, hd = ARGV[4 + i * 3], ARGV[5 + i * 3], ARGV[6 + i * 3]
  redis.call('ZREMRANGEBYSCORE', ms, '-inf', now)
  redis.call('ZREMRANGEBYSCORE', hs, '-inf', now)
  local okM = redis.call('ZSCORE', ms, id) or redis.call('ZCARD', ms) < capM
  local okH = redis.call('ZSCORE', hs, id) or redis.call('ZCARD', hs) < capH
  if okM and okH then
    redis.call('ZADD', ms, now + leaseMs, id)
    redis.call('ZADD', hs, now + leaseMs, id)
    redis.call('ZREM', mw, id)
    redis.call('ZREM', hw, id)
    redis.call('ZREM', KEYS[1], id)
    granted[#granted + 1] = id
  else
    -- A reservation on the side that fits is given up (the relay's wakeIdle hands it on).
    redis.call('ZREM', ms, id)
    redis.call('ZREM', hs, id)
    local since = redis.call('ZSCORE', KEYS[1], id) or now
    local wait, desc, other = mw, md, hw
    if okM then wait, desc, other = hw, hd, mw end
    redis.call('ZADD', wait, since, id)
    redis.call('ZREM', other, id)
    redis.call('ZADD', KEYS[1], since, id)
    redis.call('SADD', KEYS[2], desc)
  end
end
return granted`;

/**
 * KEYS: parked, then per item its merchant slots, host slots, merchant wait, host wait.
 * ARGV: lease ms, merchant cap, host cap, then per item its id. Frees the items' slots and answers
 * the waiters the freed slots were handed to.
 */
const RELEASE = `${NOW}${HAND_ON}
local leaseMs, capM, capH = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local woken = {}
for i = 0, (#KEYS - 1) / 4 - 1 do
  local ms, hs, mw, hw = KEYS[2 + i * 4], KEYS[3 + i * 4], KEYS[4 + i * 4], KEYS[5 + i * 4]
  local id = ARGV[4 + i]
  redis.call('ZREM', ms, id)
  redis.call('ZREM', hs, id)
  handOn(ms, mw, capM, KEYS[1], leaseMs, now, woken)
  handOn(hs, hw, capH, KEYS[1], leaseMs, now, woken)
end
return woken`;

/** KEYS: parked, registry, slots, wait. ARGV: desc, cap, lease ms. One wait list's idle slots handed on. */
const WAKE = `${NOW}${HAND_ON}
if redis.call('ZCARD', KEYS[4]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[1])
  return {}
end
local woken = {}
handOn(KEYS[3], KEYS[4], tonumber(ARGV[2]), KEYS[1], tonumber(ARGV[3]), now, woken)
return woken`;

/** Interleaves the merchants' deliveries (one of each in turn), so a batch is shared, not FIFO over everyone. */
export function roundRobin<T>(items: T[], merchantOf: (t: T) => string): T[] {
  const queues = new Map<string, T[]>();
  for (const item of items) {
    const m = merchantOf(item);
    queues.set(m, [...(queues.get(m) ?? []), item]);
  }
  const out: T[] = [];
  for (let round = 0; out.length < items.length; round++) for (const q of queues.values()) if (round < q.length) out.push(q[round]!);
  return out;
}

/** Takes a merchant slot and a host slot for each item that fits (in the given order); parks the others. Answers the ids granted. */
export async function takeSlots(lane: NotifyLane, items: SlotItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const k = keys(lane);
  const [capM, capH] = caps();
  const keyList = [k.parked, k.registry];
  const argv: (string | number)[] = [CLAIM_LEASE_MS, capM, capH];
  for (const item of items) {
    const md = merchantDesc(item.merchantId);
    const hd = hostDesc(item.host);
    keyList.push(k.slots(md), k.slots(hd), k.wait(md), k.wait(hd));
    argv.push(item.id, md, hd);
  }
  const granted = (await redis().eval(TAKE, keyList.length, ...keyList, ...argv)) as string[];
  return new Set(granted);
}

/** Frees the items' slots (or reservations); answers the parked deliveries the slots went to, which need a job. */
export async function releaseSlots(lane: NotifyLane, items: SlotItem[]): Promise<string[]> {
  if (items.length === 0) return [];
  const k = keys(lane);
  const [capM, capH] = caps();
  const keyList = [k.parked];
  const argv: (string | number)[] = [CLAIM_LEASE_MS, capM, capH];
  for (const item of items) {
    const md = merchantDesc(item.merchantId);
    const hd = hostDesc(item.host);
    keyList.push(k.slots(md), k.slots(hd), k.wait(md), k.wait(hd));
    argv.push(item.id);
  }
  return (await redis().eval(RELEASE, keyList.length, ...keyList, ...argv)) as string[];
}

/**
 * Hands on the slots nobody released: those of a worker that died mid-attempt (they lapse with its
 * leases) and reservations given up. Run by the relay's timer; answers the deliveries woken.
 */
export async function wakeIdle(lane: NotifyLane): Promise<string[]> {
  const k = keys(lane);
  const [capM, capH] = caps();
  const woken: string[] = [];
  for (const desc of await redis().smembers(k.registry)) {
    const cap = desc.startsWith("m:") ? capM : capH;
    woken.push(...((await redis().eval(WAKE, 4, k.parked, k.registry, k.slots(desc), k.wait(desc), desc, cap, CLAIM_LEASE_MS)) as string[]));
  }
  return woken;
}

/** Of these deliveries, those waiting for a slot (the relay leaves them to the wait lists). */
export async function parkedAmong(lane: NotifyLane, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const scores = await redis().zmscore(keys(lane).parked, ...ids);
  return new Set(ids.filter((_, i) => scores[i] !== null));
}
