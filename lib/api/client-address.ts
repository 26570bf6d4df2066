import type { IncomingHttpHeaders } from "node:http";
import { config } from "../config";
import { normaliseIp, parseTrustedProxies, type TrustedProxies } from "../ip";

/**
 * Who is on the other end of a request. Rate limits, sign-in throttling and the buyer's IP that
 * WeChat H5 needs all key on it, so it must be an address the caller cannot choose.
 *
 * The client address is the TCP peer's (the socket), unless that peer is one of TRUSTED_PROXIES;
 * then X-Forwarded-For is read from the right, skipping trusted hops, and the first untrusted hop is
 * the client. Entries left of it were written by the client itself and are never believed.
 *
 * Next's route handlers do not see the socket, and `next start` copies a client's own
 * X-Forwarded-For through untouched, so the serving layer (scripts/web-server.ts, and the test
 * servers) stamps the socket's address into SOCKET_ADDRESS_HEADER, replacing whatever a client sent
 * under that name. The stamp is believed only in a process whose serving layer stamps every request
 * (marked by `stampSocketAddress` itself): served any other way (`next dev`), the address is unknown.
 */
export const SOCKET_ADDRESS_HEADER = "x-payrelay-socket-address";

const STAMPED = Symbol.for("payrelay.socketAddressStamped");
type Marked = typeof globalThis & { [STAMPED]?: boolean };

/**
 * The serving layer's half: overwrite the socket-address header with the peer's address. Called for
 * every request before the app sees it; a client that sends the header itself is overruled.
 */
export function stampSocketAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined): void {
  (globalThis as Marked)[STAMPED] = true;
  const address = remoteAddress ? normaliseIp(remoteAddress) : null;
  if (address) headers[SOCKET_ADDRESS_HEADER] = address;
  else delete headers[SOCKET_ADDRESS_HEADER];
}

type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(source: HeaderSource, name: string): string {
  if (!source) return "";
  if (source instanceof Headers) return source.get(name) ?? "";
  const v = source[name];
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string").join(",");
  return "";
}

/** The client's address (canonical form), or null when the request did not come through a stamping server. */
export function clientAddress(headers: HeaderSource, trusted: TrustedProxies = trustedProxies()): string | null {
  if (!(globalThis as Marked)[STAMPED]) return null;
  const peer = normaliseIp(header(headers, SOCKET_ADDRESS_HEADER));
  if (!peer) return null;
  if (!trusted.has(peer)) return peer;
  // The peer is one of our proxies: believe the hops it (and the trusted ones before it) appended.
  const hops = header(headers, "x-forwarded-for").split(",").reverse();
  let client = peer;
  for (const raw of hops) {
    const hop = normaliseIp(raw);
    // A hop that is not an address was never written by a trusted proxy: stop at the last real one.
    if (!hop) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

let cached: { source: string | undefined; parsed: TrustedProxies } | undefined;

function trustedProxies(): TrustedProxies {
  const source = config().TRUSTED_PROXIES;
  if (!cached || cached.source !== source) cached = { source, parsed: parseTrustedProxies(source) };
  return cached.parsed;
}
