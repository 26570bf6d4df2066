import { createHash, createPrivateKey, createPublicKey, sign, verify, X509Certificate, type KeyObject } from "node:crypto";

/**
 * Key material as merchants paste it: PEM, or the bare base64 that Alipay's key tool prints
 * (PKCS#8 or PKCS#1 for private keys, SPKI for public keys). Everything is normalised to PEM
 * (PKCS#8 / SPKI) and proven usable here, so a bad key is a 422 at configuration time and
 * never a 500 at payment time.
 */
/** What is wrong with a pasted key, for a reader in any language (the message is the API's English). */
export type KeyProblem =
  | "not_rsa"
  | "too_short"
  | "encrypted_or_public"
  | "unreadable_private_pem"
  | "not_pem_or_base64"
  | "base64_not_private"
  | "cannot_sign"
  | "private_not_public"
  | "unreadable_public";

export class KeyFormatError extends Error {
  constructor(
    readonly problem: KeyProblem,
    message: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

const MIN_RSA_BITS = 2048;

function bareBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length < 100) return null;
  return Buffer.from(compact, "base64");
}

function requireRsa(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== "rsa") {
    throw new KeyFormatError("not_rsa", `${what} must be an RSA key; this one is ${key.asymmetricKeyType ?? "unknown"}.`, { type: key.asymmetricKeyType ?? "unknown" });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new KeyFormatError("too_short", `${what} must be at least ${MIN_RSA_BITS} bits; this one is ${bits}.`, { min: MIN_RSA_BITS, bits });
}

export function parseRsaPrivateKey(text: string, what = "privateKey"): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject | undefined;
  if (trimmed.includes("-----BEGIN")) {
    if (/-----BEGIN (ENCRYPTED|[A-Z ]*PUBLIC)/.test(trimmed)) {
      throw new KeyFormatError("encrypted_or_public", `${what} must be an unencrypted private key, not a public key or an encrypted one.`);
    }
    try {
      key = createPrivateKey({ key: trimmed, format: "pem" });
    } catch {
      throw new KeyFormatError("unreadable_private_pem", `${what} is not a readable PEM private key.`);
    }
  } else {
    const der = bareBase64(trimmed);
    if (!der) throw new KeyFormatError("not_pem_or_base64", `${what} is neither a PEM block nor a base64 key.`);
    for (const type of ["pkcs8", "pkcs1"] as const) {
      try {
        key = createPrivateKey({ key: der, format: "der", type });
        break;
      } catch {
        /* try the next encoding */
      }
    }
    if (!key) throw new KeyFormatError("base64_not_private", `${what} is base64 but not a PKCS#8 or PKCS#1 private key.`);
  }
  requireRsa(key, what);
  // Prove it signs, and that the signature verifies under its own public half.
  const probe = Buffer.from("payrelay key check");
  const signature = sign("sha256", probe, key);
  if (!verify("sha256", probe, createPublicKey(key), signature)) {
    throw new KeyFormatError("cannot_sign", `${what} cannot produce a valid signature.`);
  }
  return key;
}

export type ParsedPublicKey = { key: KeyObject; certificateSerial: string | null };

/** An RSA public key as PEM SPKI, bare base64 SPKI, PKCS#1 PEM, or an X.509 certificate. */
export function parseRsaPublicKey(text: string, what: string): ParsedPublicKey {
  const trimmed = text.trim();
  let key: KeyObject;
  let certificateSerial: string | null = null;
  try {
    if (trimmed.includes("-----BEGIN CERTIFICATE")) {
      const cert = new X509Certificate(trimmed);
      key = cert.publicKey;
      certificateSerial = cert.serialNumber.toUpperCase();
    } else if (trimmed.includes("-----BEGIN")) {
      if (trimmed.includes("PRIVATE KEY")) throw new KeyFormatError("private_not_public", `${what} must be a public key; this is a private key.`);
      key = createPublicKey({ key: trimmed, format: "pem" });
    } else {
      const der = bareBase64(trimmed);
      if (!der) throw new KeyFormatError("not_pem_or_base64", `${what} is neither a PEM block nor a base64 key.`);
      key = createPublicKey({ key: der, format: "der", type: "spki" });
    }
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
    throw new KeyFormatError("unreadable_public", `${what} is not a readable public key or certificate.`);
  }
  requireRsa(key, what);
  return { key, certificateSerial };
}

export const privateKeyPem = (key: KeyObject) => key.export({ format: "pem", type: "pkcs8" }).toString();
export const publicKeyPem = (key: KeyObject) => key.export({ format: "pem", type: "spki" }).toString();

/** SHA-256 of the SPKI DER: lets a merchant see which key is configured without revealing any secret. */
export function publicKeyFingerprint(key: KeyObject): string {
  const spki = (key.type === "private" ? createPublicKey(key) : key).export({ format: "der", type: "spki" });
  return "SHA256:" + createHash("sha256").update(spki).digest("base64").replace(/=+$/, "");
}

export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return publicKeyFingerprint(a) === publicKeyFingerprint(b);
}
