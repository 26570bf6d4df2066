import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { config } from "../config";

/**
 * Channel secrets at rest: AES-256-GCM under PAYRELAY_MASTER_KEY.
 * Format: "v1:" + base64(iv[12] | tag[16] | ciphertext). The version lets a later key rotation
 * tell old ciphertexts from new ones. The associated data binds a ciphertext to its row, so a
 * secret copied from one merchant's row into another's fails to decrypt instead of being used.
 */
function masterKey(): Buffer {
  return Buffer.from(config().PAYRELAY_MASTER_KEY, "base64");
}

export function seal(plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey(), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return "v1:" + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function open(sealed: string, associatedData: string): string {
  if (!sealed.startsWith("v1:")) throw new Error("unknown secret-box version");
  const raw = Buffer.from(sealed.slice(3), "base64");
  if (raw.length < 28) throw new Error("secret-box ciphertext too short");
  const decipher = createDecipheriv("aes-256-gcm", masterKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
