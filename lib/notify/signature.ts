import { createHmac } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the key is the base64 part of the
 * `whsec_` secret, the signed content is "{id}.{timestamp}.{body}", and each secret contributes one
 * "v1,<base64>" entry. Two entries during a rotation let the merchant verify with either secret.
 */
export function signatureHeader(secrets: string[], id: string, timestamp: number, body: string): string {
  const content = `${id}.${timestamp}.${body}`;
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
      return `v1,${createHmac("sha256", key).update(content, "utf8").digest("base64")}`;
    })
    .join(" ");
}
