/**
 * Calls the real Next route handlers in-process: the same modules `next start` serves, found by
 * walking app/api the way the App Router does (static segments before [param] before [...catchAll]).
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingHttpHeaders } from "node:http";
import { SOCKET_ADDRESS_HEADER, stampSocketAddress } from "../../lib/api/client-address";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteEntry = { pattern: RegExp; names: string[]; catchAll: boolean[]; file: string; rank: number[] };

const appDir = path.resolve(import.meta.dirname, "../../app");

function collect(dir: string, segments: string[], out: RouteEntry[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) collect(path.join(dir, entry.name), [...segments, entry.name], out);
    else if (entry.name === "route.ts") {
      const names: string[] = [];
      const catchAll: boolean[] = [];
      const rank: number[] = [];
      const parts = segments
        .filter((s) => !/^\(.*\)$/.test(s))
        .map((s) => {
          const catchAllMatch = /^\[\.\.\.(.+)\]$/.exec(s);
          const param = /^\[(.+)\]$/.exec(s);
          if (catchAllMatch) {
            names.push(catchAllMatch[1]!);
            catchAll.push(true);
            rank.push(2);
            return "(.+)";
          }
          if (param) {
            names.push(param[1]!);
            catchAll.push(false);
            rank.push(1);
            return "([^/]+)";
          }
          rank.push(0);
          return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        });
      out.push({ pattern: new RegExp(`^/${parts.join("/")}$`), names, catchAll, file: path.join(dir, entry.name), rank });
    }
  }
}

const routes: RouteEntry[] = [];
collect(appDir, [], routes);
// Next prefers static segments, then dynamic, then catch-all, compared segment by segment.
routes.sort((a, b) => {
  for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
    const d = (a.rank[i] ?? -1) - (b.rank[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
});

/**
 * Every route handler file under app/, as its URL template with Next's segment names kept
 * (`/api/v1/orders/[id]`, `/sandbox/alipay/v3/[...path]`), in the order Next matches them.
 */
export function routeTable(): { template: string; file: string }[] {
  return routes.map((r) => ({
    file: r.file,
    template:
      "/" +
      path
        .relative(appDir, path.dirname(r.file))
        .split(path.sep)
        .filter((s) => s !== "" && !/^\(.*\)$/.test(s))
        .join("/"),
  }));
}

export type CallOptions = {
  key?: string;
  body?: unknown;
  rawBody?: string | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** The TCP peer's address the serving layer reports for this request (default loopback). */
  address?: string;
};

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

/** Hands a web Request to the route handler Next would pick for it (404 when none, 405 for a missing method). */
export async function dispatch(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const route = routes.find((r) => r.pattern.test(url.pathname));
  if (!route) return new Response("no route", { status: 404 });
  const match = route.pattern.exec(url.pathname)!;
  const params = Object.fromEntries(
    route.names.map((n, i) => {
      const value = decodeURIComponent(match[i + 1]!);
      // Next hands catch-all segments over as an array.
      return [n, route.catchAll[i] ? value.split("/") : value];
    }),
  );
  const mod = (await import(route.file)) as Record<string, Handler | undefined>;
  const handler = mod[req.method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(req, { params: Promise.resolve(params) });
}

export async function call<T = any>(method: string, pathAndQuery: string, opts: CallOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(pathAndQuery, process.env.PUBLIC_BASE_URL ?? "http://127.0.0.1:3000");
  const headers = new Headers(opts.headers);
  if (opts.key) headers.set("authorization", `Bearer ${opts.key}`);
  // What scripts/web-server.ts does for a real connection: the socket's address, overwriting any client copy.
  const stamped: IncomingHttpHeaders = {};
  stampSocketAddress(stamped, opts.address ?? "127.0.0.1");
  headers.delete(SOCKET_ADDRESS_HEADER);
  const peer = stamped[SOCKET_ADDRESS_HEADER];
  if (typeof peer === "string") headers.set(SOCKET_ADDRESS_HEADER, peer);
  let body: BodyInit | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(url, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
  const res = await dispatch(req);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep the text: a test asserting JSON will fail on it */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
