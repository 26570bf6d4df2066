import { createDecipheriv } from "node:crypto";

const TAG_BYTES = 16;

export interface EncryptedResource {
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

/**
 * AEAD_AES_256_GCM as WeChat uses it: key = the APIv3 key's 32 bytes, IV = the nonce string,
 * AAD = associated_data, ciphertext = base64(encrypted ‖ 16-byte tag). final() checks the tag, and
 * with it the AAD and the key: wechatpay-node-v3's decipher_gcm never calls final(), so a forged
 * or corrupted resource "decrypts" there. Throws on any mismatch.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  const key = Buffer.from(apiV3Key, "utf8");
  if (key.length !== 32) throw new Error("the APIv3 key must be 32 bytes");
  const data = Buffer.from(resource.ciphertext, "base64");
  if (data.length <= TAG_BYTES) throw new Error("ciphertext too short to carry a GCM tag");
  // authTagLength pins the tag at 16 bytes, so a truncated tag cannot lower the forgery bar.
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(resource.nonce, "utf8"), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}
