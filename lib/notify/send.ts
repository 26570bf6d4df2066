import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { AddressRefusedError, assertAllowedAddress, guardedLookup } from "./address-guard";
import { DELIVERY_TIMEOUT_MS } from "./schedule";

export type SendResult = {
  statusCode: number | null;
  latencyMs: number;
  /** The first 1 KiB of the response body. */
  excerpt: string | null;
  error: string | null;
};

const EXCERPT_BYTES = 1024;
/** Past this much response body we stop reading: the answer is the status code, not a download. */
const MAX_DRAIN_BYTES = 64 * 1024;

// Keep-alive: a merchant receiving many events reuses its connections instead of a TLS handshake each.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
};

/**
 * POSTs one webhook. Never throws: every outcome (an answer, a refusal, a timeout, a reset) comes
 * back as a SendResult to be recorded as the attempt. Redirects are not followed (node:http never
 * does): a 3xx is simply not a 2xx, so a notify URL cannot bounce us to an address we would refuse.
 */
export async function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, "latencyMs">): SendResult => ({ ...r, latencyMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return done({ statusCode: null, excerpt: null, error: "invalid URL" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return done({ statusCode: null, excerpt: null, error: `refused: ${url.protocol} URLs are not delivered (http and https only)` });
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!opts.allowPrivate && isIP(host) !== 0) {
    // An IP literal never goes through `lookup`, so it is checked here.
    try {
      assertAllowedAddress(host, host);
    } catch (error) {
      return done({ statusCode: null, excerpt: null, error: (error as Error).message });
    }
  }

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const payload = Buffer.from(body, "utf8");
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      agent: agents[url.protocol as "http:" | "https:"],
      headers: { ...headers, "content-length": String(payload.length) },
      lookup: opts.allowPrivate ? undefined : guardedLookup,
    });
    const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    let statusCode: number | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;
    const excerpt = () => (kept > 0 ? Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8") : "");
    // One deadline for everything (lookup, connect, headers, body): a slow trickle is a timeout too.
    const timer = setTimeout(() => {
      finish({ statusCode, excerpt: statusCode === null ? null : excerpt(), error: `timed out after ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) => {
      const message = error instanceof AddressRefusedError ? error.message : `${(error as NodeJS.ErrnoException).code ?? "error"}: ${error.message}`;
      finish({ statusCode: null, excerpt: null, error: message });
    });
    req.on("response", (res) => {
      statusCode = res.statusCode ?? null;
      let total = 0;
      res.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (kept < EXCERPT_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        if (total > MAX_DRAIN_BYTES) {
          finish({ statusCode: res.statusCode ?? null, excerpt: excerpt(), error: null });
          res.destroy();
        }
      });
      res.on("end", () => finish({ statusCode: res.statusCode ?? null, excerpt: excerpt(), error: null }));
      res.on("error", (error) => finish({ statusCode: res.statusCode ?? null, excerpt: excerpt(), error: `response: ${error.message}` }));
      res.on("close", () => finish({ statusCode: res.statusCode ?? null, excerpt: excerpt(), error: res.complete ? null : "response cut short" }));
    });
    req.end(payload);
  });
}
