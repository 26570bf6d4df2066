/**
 * The scale test's load balancer: a tiny loopback HTTP proxy that sends each request to the next web
 * process in turn, except channel callbacks, which it sends to every web process at once (answering
 * with the first one's reply): each callback then reaches two processes as a duplicate, the way a
 * channel's retry lands on another machine behind a real load balancer.
 */
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Upstream = { name: string; port: number };
type Reply = { status: number; headers: IncomingMessage["headers"]; body: Buffer };

export type RoundRobin = {
  base: string;
  /** Requests each web process got through the proxy (callbacks counted at each). */
  served: Record<string, number>;
  callbacksDuplicated: number;
  close(): Promise<void>;
};

function forward(to: Upstream, req: IncomingMessage, body: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const out = request(
      { host: "127.0.0.1", port: to.port, method: req.method, path: req.url, headers: req.headers, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    out.on("timeout", () => out.destroy(new Error("upstream timeout")));
    out.on("error", reject);
    out.end(body);
  });
}

export async function startRoundRobin(port: number, upstreams: Upstream[]): Promise<RoundRobin> {
  let next = 0;
  const rr: RoundRobin = { base: `http://127.0.0.1:${port}`, served: Object.fromEntries(upstreams.map((u) => [u.name, 0])), callbacksDuplicated: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const first = upstreams[next++ % upstreams.length]!;
      const isCallback = (req.url ?? "").startsWith("/api/callbacks/");
      const targets = isCallback ? [first, ...upstreams.filter((u) => u !== first)] : [first];
      if (isCallback) rr.callbacksDuplicated++;
      for (const t of targets) rr.served[t.name]!++;
      const replies = targets.map((t) => forward(t, req, body));
      // The other copies' answers are not the channel's business; their effect is what the test counts.
      for (const r of replies.slice(1)) r.catch(() => {});
      replies[0]!.then(
        (reply) => {
          const headers = { ...reply.headers };
          delete headers["transfer-encoding"];
          delete headers.connection;
          headers["content-length"] = String(reply.body.length);
          res.writeHead(reply.status, headers).end(reply.body);
        },
        () => res.writeHead(502, { "content-type": "text/plain" }).end("upstream failed"),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  rr.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rr.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return rr;
}
