import { createPrivateKey, createPublicKey, sign } from "node:crypto";

/**
 * A minimal DER encoder for X.509 v3 certificates, enough for the sandbox's WeChat Pay certificates
 * (the platform certificate served by /v3/certificates and each merchant's apiclient_cert.pem).
 * wechatpay-node-v3 parses both with @fidm/x509 and reads the serial from them, so they must be real
 * certificates, not bare public keys. Only RSA keys and sha256WithRSAEncryption are supported.
 */

export interface DistinguishedName {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
}

export interface CertificateRequest {
  /** The key the certificate is about (SPKI PEM or any public/private key PEM). */
  subjectPublicKeyPem: string;
  /** The key that signs it; the subject's own private key for a self-signed certificate. */
  signerPrivateKeyPem: string;
  /** Hex, at most 20 bytes; the first byte must be below 0x80 so the DER INTEGER stays positive. */
  serialHex: string;
  subject: DistinguishedName;
  /** Defaults to the subject (self-signed). */
  issuer?: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);
const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, "utf8"));
const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, "ascii"));
const octetString = (b: Buffer): Buffer => tlv(0x04, b);
const bitString = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const booleanValue = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] ?? 0) < 0x80) b = b.subarray(1);
  if ((b[0] ?? 0) >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const out: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime up to 2049, GeneralizedTime afterwards, as RFC 5280 requires. */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-11-25T08:47:00.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function name(dn: DistinguishedName): Buffer {
  const rdn = (type: string, value: Buffer): Buffer => set(sequence(oid(type), value));
  const parts: Buffer[] = [];
  if (dn.country) parts.push(rdn("2.5.4.6", printable(dn.country)));
  if (dn.organization) parts.push(rdn("2.5.4.10", utf8(dn.organization)));
  if (dn.organizationalUnit) parts.push(rdn("2.5.4.11", utf8(dn.organizationalUnit)));
  parts.push(rdn("2.5.4.3", utf8(dn.commonName)));
  return sequence(...parts);
}

const SHA256_WITH_RSA = (): Buffer => sequence(oid("1.2.840.113549.1.1.11"), nullValue());

function extensions(): Buffer {
  // basicConstraints CA:FALSE (critical) and keyUsage digitalSignature+keyEncipherment, like a leaf cert.
  const basicConstraints = sequence(oid("2.5.29.19"), booleanValue(true), octetString(sequence()));
  const keyUsage = sequence(oid("2.5.29.15"), booleanValue(true), octetString(tlv(0x03, Buffer.from([0x05, 0xa0]))));
  return explicit(3, sequence(basicConstraints, keyUsage));
}

/** Builds and signs a certificate; returns it as PEM. */
export function createCertificatePem(req: CertificateRequest): string {
  if (!/^[0-9a-fA-F]{2,40}$/.test(req.serialHex) || req.serialHex.length % 2 !== 0) {
    throw new Error("serialHex must be 1-20 bytes of hex");
  }
  const spki = createPublicKey(req.subjectPublicKeyPem).export({ type: "spki", format: "der" });
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(Buffer.from(req.serialHex, "hex")),
    SHA256_WITH_RSA(),
    name(req.issuer ?? req.subject),
    sequence(time(req.notBefore), time(req.notAfter)),
    name(req.subject),
    spki,
    extensions(),
  );
  const signature = sign("sha256", tbs, createPrivateKey(req.signerPrivateKeyPem));
  const der = sequence(tbs, SHA256_WITH_RSA(), bitString(signature));
  const body = der.toString("base64").replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}
