import { createSign, createVerify } from "node:crypto";

/** SHA256withRSA (PKCS#1 v1.5), base64: Alipay's "RSA2" and WeChat's WECHATPAY2-SHA256-RSA2048. */
export function rsaSha256Sign(content: string, privateKeyPem: string): string {
  return createSign("RSA-SHA256").update(content, "utf8").sign(privateKeyPem, "base64");
}

/** False (never throws) for a malformed key or signature: a forged request is not a server error. */
export function rsaSha256Verify(content: string, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    return createVerify("RSA-SHA256").update(content, "utf8").verify(publicKeyPem, signatureBase64, "base64");
  } catch {
    return false;
  }
}
