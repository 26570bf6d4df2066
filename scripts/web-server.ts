/**
 * The web process `npm start` runs: Next's production server (the same handler `next start` uses)
 * behind a node:http server of our own. It exists for one thing `next start` cannot do: tell the app
 * which address the TCP connection came from. Next's route handlers never see the socket, and
 * `next start` passes a client's own X-Forwarded-For through, so every request is stamped here with
 * its socket's address, overwriting any copy the client sent (lib/api/client-address.ts).
 *
 * Environment: PORT (3000). It listens on every interface, as `next start` does (not on HOSTNAME,
 * which Docker sets to the container's name).
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { stampSocketAddress } from "../lib/api/client-address";

const ROOT = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);

async function main(): Promise<void> {
  const app = next({ dev: false, dir: ROOT, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    stampSocketAddress(req.headers, req.socket.remoteAddress);
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error":{"type":"internal","code":"internal_error","message":"Something went wrong on our side."}}');
    });
  });
  // Longer than the usual load balancer idle timeout (60 s), so a proxy never reuses a connection we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  console.log(`web server listening on port ${port}`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Finish the requests under way, then let Next close its own resources.
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
