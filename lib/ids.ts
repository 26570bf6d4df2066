import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type IdPrefix = "mer" | "usr" | "key" | "goods" | "ord" | "evt" | "cs" | "ca" | "req" | "dlv" | "att" | "cb" | "re" | "we" | "plink";

/**
 * CSPRNG bytes drawn 4 KiB at a time: one call into OpenSSL per hundred ids instead of one per id
 * (a prepay makes four ids). Each byte is used once.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let used = 0;

function randomByte(): number {
  if (used >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  return pool[used++]!;
}

/** Unbiased base62 from the CSPRNG (rejection sampling, so no character is likelier than another). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(20)}`;
}

/** Prefixed ids accepted on input: prefix, underscore, 1-40 base62 characters. */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-Za-z]{1,40}$`).test(value);
}
