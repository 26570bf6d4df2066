import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * SSRF guard for merchant-supplied notify URLs. A notify URL is attacker-controlled input: without
 * this, "https://internal-admin.local/" or the cloud metadata endpoint would be POSTed to from inside
 * our network, and the response excerpt shown back to the merchant.
 */
export class AddressRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AddressRefusedError";
  }
}

type Range = { name: string; list: BlockList; family: "ipv4" | "ipv6" };

function range(family: "ipv4" | "ipv6", net: string, prefix: number, name: string): Range {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { name, list, family };
}

const RANGES: Range[] = [
  range("ipv4", "0.0.0.0", 8, "unspecified"),
  range("ipv4", "10.0.0.0", 8, "private"),
  range("ipv4", "100.64.0.0", 10, "carrier-grade NAT"),
  range("ipv4", "127.0.0.0", 8, "loopback"),
  // 169.254.169.254 is the cloud metadata endpoint.
  range("ipv4", "169.254.0.0", 16, "link-local/metadata"),
  range("ipv4", "172.16.0.0", 12, "private"),
  range("ipv4", "192.0.0.0", 24, "IETF protocol assignment"),
  range("ipv4", "192.168.0.0", 16, "private"),
  range("ipv4", "198.18.0.0", 15, "benchmarking"),
  range("ipv4", "224.0.0.0", 4, "multicast"),
  range("ipv4", "240.0.0.0", 4, "reserved/broadcast"),
  range("ipv6", "::", 128, "unspecified"),
  range("ipv6", "::1", 128, "loopback"),
  // fd00:ec2::254 (the AWS metadata endpoint over IPv6) lies in fc00::/7.
  range("ipv6", "fc00::", 7, "unique-local/private"),
  range("ipv6", "fe80::", 10, "link-local"),
  range("ipv6", "ff00::", 8, "multicast"),
];

/** The embedded IPv4 of an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address. */
function embeddedV4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:0:)?([0-9a-f.:]+)$/i.exec(ip);
  if (!m) return null;
  const tail = m[1]!;
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why an address must not be contacted (e.g. "loopback"), or null when it is a public address. */
export function forbiddenReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return "not an IP address";
  if (family === 6) {
    const mapped = embeddedV4(ip);
    if (mapped) return forbiddenReason(mapped);
  }
  const kind = family === 4 ? "ipv4" : "ipv6";
  return RANGES.find((r) => r.family === kind && r.list.check(ip, kind))?.name ?? null;
}

export function assertAllowedAddress(ip: string, host: string): void {
  const reason = forbiddenReason(ip);
  if (reason) {
    throw new AddressRefusedError(
      `refused to connect to ${host} (${ip}): ${reason} address; set NOTIFY_ALLOW_PRIVATE_HOSTS=1 only for local development`,
    );
  }
}

/**
 * A `lookup` for node:net that resolves the name and refuses it if any of its addresses is
 * forbidden. The socket then connects to exactly the addresses checked here, so a DNS answer that
 * changes between a check and the connect (DNS rebinding) cannot slip a private address through.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    try {
      if (addresses.length === 0) throw new AddressRefusedError(`${hostname} resolved to no address`);
      for (const a of addresses) assertAllowedAddress(a.address, hostname);
    } catch (refused) {
      return callback(refused as NodeJS.ErrnoException, "", 0);
    }
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    } else {
      callback(null, addresses[0]!.address, addresses[0]!.family);
    }
  });
};
