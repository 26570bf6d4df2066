import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type IdPrefix = "mer" | "usr" | "key" | "goods" | "ord" | "evt" | "cs" | "ca" | "req" | "dlv" | "att" | "cb" | "re" | "we" | "plink";

/** Unbiased base62 from the CSPRNG (rejection sampling, so no character is likelier than another). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
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
