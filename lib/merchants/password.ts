import { createHmac } from "node:crypto";
import bcrypt from "bcryptjs";

const BCRYPT_COST = 12;

/**
 * bcrypt reads at most 72 bytes of a password and silently ignores the rest, so two long passphrases
 * that share their first 72 bytes (24 Chinese characters) would be the same password. New hashes
 * therefore bcrypt a fixed-length digest of the whole password: HMAC-SHA256 under a constant
 * context, base64 (44 ASCII bytes, no NUL), marked with PREHASHED so the two kinds can be told apart.
 * The HMAC (rather than a bare SHA-256) keeps a digest leaked from elsewhere from being tried here.
 */
const PREHASHED = "hmac-sha256$";

const prehash = (password: string) => createHmac("sha256", "payrelay password v1").update(password, "utf8").digest("base64");

export async function hashPassword(password: string): Promise<string> {
  return PREHASHED + (await bcrypt.hash(prehash(password), BCRYPT_COST));
}

/** A valid hash of nothing anyone types: unknown emails pay the same bcrypt cost as known ones. */
const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKxGhu3iP8Z6W3L0oZ2bcZ8Gm1VvX7m4p2NVa";

/**
 * Checks a password against a stored hash (or none, for an unknown email, at the same cost).
 * `upgrade` is set when the password matched a hash made before pre-hashing: the caller stores
 * hashPassword(password) in its place, so from then on every byte counts for that account too.
 */
export async function checkPassword(password: string, stored: string | undefined): Promise<{ ok: boolean; upgrade: boolean }> {
  if (stored === undefined) {
    await bcrypt.compare(prehash(password), DUMMY_HASH);
    return { ok: false, upgrade: false };
  }
  if (stored.startsWith(PREHASHED)) return { ok: await bcrypt.compare(prehash(password), stored.slice(PREHASHED.length)), upgrade: false };
  const ok = await bcrypt.compare(password, stored);
  return { ok, upgrade: ok };
}
