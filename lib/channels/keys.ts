import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { ChannelError } from "./errors";

/**
 * Credentials arrive as PEM text from a channel account row. Parsing them once, up front, turns a
 * broken key into a clear error at construction instead of a confusing signature failure later.
 * The error names the field, never the key material.
 */

function invalidCredentials(field: string, cause: unknown): ChannelError {
  return new ChannelError("invalid_credentials", `${field} is not a usable RSA key`, { createdAtChannel: "no", cause });
}

export function parsePrivateKey(pem: string, field: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") throw new Error(`not RSA: ${key.asymmetricKeyType}`);
    return key;
  } catch (err) {
    throw invalidCredentials(field, err);
  }
}

/** Accepts SPKI / PKCS#1 public keys and X.509 certificates (whose public key is used). */
export function parsePublicKey(pem: string, field: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== "rsa") throw new Error(`not RSA: ${key.asymmetricKeyType}`);
    return key;
  } catch (err) {
    throw invalidCredentials(field, err);
  }
}

export const pkcs8Pem = (key: KeyObject): string => key.export({ type: "pkcs8", format: "pem" }).toString();
export const spkiPem = (key: KeyObject): string => key.export({ type: "spki", format: "pem" }).toString();
