import { BlockList, isIP } from "node:net";

/** The longest textual IPv6 address (an IPv4-mapped one, written out in full): the orders column's width. */
export const MAX_IP_LENGTH = 45;

/**
 * An address in canonical form, or null: surrounding brackets, a port and an IPv6 zone id ("%eth0":
 * meaningless off the host, and unbounded) are dropped, IPv4-mapped IPv6 becomes IPv4, and IPv6 is
 * written the one way URL parsing writes it, so "::1" and "0:0::1" are the same client.
 */
export function normaliseIp(value: string): string | null {
  let v = value.trim();
  if (v.length === 0 || v.length > 256) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(v);
  if (v4WithPort) v = v4WithPort[1]!;
  const zone = v.indexOf("%");
  if (zone >= 0) v = v.slice(0, zone);
  if (v.length > MAX_IP_LENGTH) return null;
  const family = isIP(v);
  if (family === 4) return v;
  if (family !== 6) return null;
  const canonical = new URL(`http://[${v}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return canonical;
}

/**
 * What a per-address budget is keyed on: the IPv4 address, or the IPv6 /64 (one subscriber's
 * allocation, so an attacker cannot mint a fresh budget per address of its prefix).
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const full = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${full.slice(0, 4).join(":")}::/64`;
}

export type TrustedProxies = { has(address: string): boolean; size: number };

/**
 * Parses TRUSTED_PROXIES: addresses and CIDRs, IPv4 or IPv6, separated by commas or spaces.
 * Throws with the offending entry, so a typo stops start-up instead of silently trusting nobody.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [addr = "", prefix, ...rest] = entry.split("/");
    const ip = normaliseIp(addr);
    if (!ip || rest.length > 0 || addr.includes("%")) throw new Error(`"${entry}" is not an IP address or CIDR`);
    const family = isIP(ip) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(ip, family);
    else {
      const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (!(bits >= 0 && bits <= (family === "ipv4" ? 32 : 128))) throw new Error(`"${entry}" has an invalid prefix length`);
      list.addSubnet(ip, bits, family);
    }
  }
  return { has: (address) => list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6"), size: entries.length };
}

