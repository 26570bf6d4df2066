import { createHash } from "node:crypto";
import { redis, type RedisClient } from "../redis";
import { addressBucket } from "../ip";

/**
 * Portal sign-in throttling, built so that nobody can lock the owner out:
 * - per (email, client address): the first `freeFailures` failures cost nothing; after that each
 *   attempt from that address for that email waits a delay that doubles with every further failure
 *   (`firstDelaySeconds` … `maxDelaySeconds`). A stranger guessing from their address slows down
 *   only themselves: the owner, from another address, signs in at once. A success clears the pair.
 * - per client address, over all emails: `perAddress` failed attempts per `addressWindowSeconds`,
 *   so one address cannot spray guesses across many accounts (a success gives its attempt back).
 * The client address is the socket's or a trusted proxy's word (lib/api/client-address.ts), never a
 * header the client wrote; an IPv6 client is its /64. Past a limit the password is not even checked,
 * so a guesser learns nothing more and bcrypt's cost is not theirs to spend.
 */
export const SIGN_IN_LIMITS = {
  freeFailures: 5,
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
  /** How long a pair's failures are remembered after the last one. */
  pairMemorySeconds: 24 * 3600,
  perAddress: 30,
  addressWindowSeconds: 15 * 60,
} as const;
export type SignInLimits = { [K in keyof typeof SIGN_IN_LIMITS]: number };

// KEYS: the pair's hash, the address's counter. Clears the pair and gives back the address the one
// attempt this sign-in reserved, never going below zero.
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if used > 0 then redis.call('DECR', KEYS[2]) end
return 0
`;

/**
 * A success clears the pair's failures and gives its attempt back to the address: the address budget
 * limits guesses, and a right password is not one. Without this, an office behind one NAT address
 * (or a test suite) was locked out after 30 successful sign-ins in 15 minutes.
 */
export async function clearSignInFailures(email: string, address: string | null): Promise<void> {
  await throttle().payrelaySignInSucceeded(pairKey(email, address), addressKey(address));
}

/** Sign-ups per client address: each costs a bcrypt hash and two RSA key generations. */
export const SIGN_UP_LIMITS = { perAddress: 10, windowSeconds: 3600 } as const;
export type SignUpLimits = { perAddress: number; windowSeconds: number };

const emailHash = (email: string) => createHash("sha256").update(email).digest("hex");
const addressOf = (address: string | null) => (address ? addressBucket(address) : "unknown");
const pairKey = (email: string, address: string | null) => `signin:pair:${emailHash(email)}:${addressOf(address)}`;
const addressKey = (address: string | null) => `signin:addr:${addressOf(address)}`;

// KEYS: the pair's hash {failures, nextAt}, the address's counter. ARGV: freeFailures,
// firstDelayMs, maxDelayMs, pairMemoryMs, perAddress, addressWindowMs. Returns the wait in ms (0:
// the attempt may go ahead, and has been counted as a failure until a success clears it).
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'nextAt') or '0')
if nextAt > now then return nextAt - now end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if used >= tonumber(ARGV[5]) then
  local ttl = redis.call('PTTL', KEYS[2])
  return ttl > 0 and ttl or tonumber(ARGV[6])
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local free = tonumber(ARGV[1])
if failures >= free then
  local delay = math.min(tonumber(ARGV[2]) * 2 ^ (failures - free), tonumber(ARGV[3]))
  redis.call('HSET', KEYS[1], 'nextAt', now + delay)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
return 0
`;

// KEYS: the address's sign-up counter. ARGV: limit, windowMs. Returns the wait in ms, 0 if counted.
const COUNT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  return ttl > 0 and ttl or tonumber(ARGV[2])
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

type ThrottleClient = RedisClient & {
  payrelaySignInReserve(pair: string, address: string, ...args: number[]): Promise<number>;
  payrelayCountAttempt(key: string, limit: number, windowMs: number): Promise<number>;
  payrelaySignInSucceeded(pair: string, address: string): Promise<number>;
};

function throttle(): ThrottleClient {
  const client = redis() as ThrottleClient;
  if (typeof client.payrelaySignInReserve !== "function") {
    client.defineCommand("payrelaySignInReserve", { numberOfKeys: 2, lua: RESERVE });
    client.defineCommand("payrelayCountAttempt", { numberOfKeys: 1, lua: COUNT });
    client.defineCommand("payrelaySignInSucceeded", { numberOfKeys: 2, lua: SUCCEEDED });
  }
  return client;
}

/**
 * Reserves one attempt before the password is checked, counting it as a failure (a success then
 * clears it). Checking first and counting after a slow bcrypt would let a burst of parallel guesses
 * all pass the check before any was counted. Returns the seconds to wait, 0 to go ahead.
 */
export async function reserveSignInAttempt(email: string, address: string | null, l: SignInLimits = SIGN_IN_LIMITS): Promise<number> {
  const waitMs = await throttle().payrelaySignInReserve(
    pairKey(email, address),
    addressKey(address),
    l.freeFailures,
    l.firstDelaySeconds * 1000,
    l.maxDelaySeconds * 1000,
    l.pairMemorySeconds * 1000,
    l.perAddress,
    l.addressWindowSeconds * 1000,
  );
  return Math.ceil(Number(waitMs) / 1000);
}

/** Counts one sign-up from this address; the seconds to wait when its budget is spent, else 0. */
export async function reserveSignUp(address: string | null, limits: SignUpLimits = SIGN_UP_LIMITS): Promise<number> {
  const waitMs = await throttle().payrelayCountAttempt(`signup:addr:${addressOf(address)}`, limits.perAddress, limits.windowSeconds * 1000);
  return Math.ceil(Number(waitMs) / 1000);
}
