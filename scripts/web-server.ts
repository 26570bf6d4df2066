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
import type { Socket } from "node:net";
import path from "node:path";
import next from "next";
import { stampSocketAddress } from "../lib/api/client-address";
import { answerCallbackDirectly, directCallbacksRegistered } from "../lib/api/direct-callbacks";

const ROOT = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
/** How long a SIGTERM waits for requests under way before cutting their connections (the supervisor kills at 20 s). */
const DRAIN_MS = 10_000;

async function main(): Promise<void> {
  const app = next({ dev: false, dir: ROOT, port, hostname: "localhost" });
  // Requests in flight per connection, so a stop can close every connection that has none: Node's
  // closeIdleConnections leaves alone a connection that was opened but has not sent a request yet,
  // and server.close() then waits for it until headersTimeout (66 s).
  const inFlight = new Map<Socket, number>();
  let stopping = false;
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.on("close", () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (stopping && left === 0) socket.destroy();
    });
    if (stopping) res.setHeader("connection", "close");
    stampSocketAddress(req.headers, req.socket.remoteAddress);
    const failed = (error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error":{"type":"internal","code":"internal_error","message":"Something went wrong on our side."}}');
    };
    // Channel callbacks skip Next's router (lib/api/direct-callbacks.ts); everything else is Next's.
    if (!answerCallbackDirectly(req, res, failed)) handle(req, res).catch(failed);
  });
  server.on("connection", (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once("close", () => inFlight.delete(socket));
  });
  // Longer than the usual load balancer idle timeout (60 s), so a proxy never reuses a connection we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Finish the requests under way, then let Next close its own resources. Connections without a
    // request in flight (idle keep-alive ones, and ones opened but not yet used) are closed now, the
    // others as soon as their last response is done; a connection still busy after the drain
    // deadline (a stuck request, a client that never reads) is cut, so a SIGTERM always ends the
    // process well within the supervisor's (or an orchestrator's) grace period. A stop before the
    // server listens (Next still preparing) finds nothing to drain.
    server.close(() => void app.close().finally(() => process.exit(0)));
    for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
    setTimeout(() => {
      console.log(`web: connections still open after ${DRAIN_MS / 1000} s of draining; closing them`);
      server.closeAllConnections();
    }, DRAIN_MS).unref();
  };
  // From the start, not once the server is up: a SIGTERM while it starts (the self-request below can
  // take seconds) would otherwise kill it mid-request, with whatever it was answering cut.
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  await app.prepare();
  if (stopping) return;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  // Next runs instrumentation.ts (which hands over the callback handler) on its first request; one of
  // our own makes that happen now rather than on a provider's callback.
  await fetch(`http://127.0.0.1:${port}/api/ping`, { signal: AbortSignal.timeout(30_000) })
    .then((r) => r.body?.cancel())
    .catch(() => {});
  if (!stopping) console.log(`web server listening on port ${port}; channel callbacks ${directCallbacksRegistered() ? "answered directly" : "go through Next"}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
