import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { scrape } from "../lib/metrics/endpoint";

/**
 * The worker's own metrics (GET /metrics, the same bearer token as the web app's), on a port of its
 * own: what happens in this process (deliveries, sweeps, orders its sweeps found paid) is counted
 * here. A second worker on the same host finds the port taken: it logs that and runs without.
 */
export async function startMetricsServer(opts: { host: string; port: number; log: Logger }): Promise<Server | null> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    scrape(req.headers.authorization ?? null)
      .then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body))
      .catch((error: unknown) => {
        opts.log.warn({ err: error }, "metrics scrape failed");
        res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable");
      });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port, opts.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    opts.log.warn({ err: error, host: opts.host, port: opts.port }, "worker metrics not served: could not listen");
    return null;
  }
  const address = server.address() as AddressInfo;
  opts.log.info({ host: address.address, port: address.port }, "worker metrics on /metrics");
  return server;
}
