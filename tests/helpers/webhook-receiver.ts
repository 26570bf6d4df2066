/**
 * A merchant's webhook endpoint for tests: records every request (headers and raw body) and answers
 * what the test tells it to. Verification is left to the test, with the `standardwebhooks` package.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { id: string; path: string; headers: Record<string, string>; body: string; at: number };
export type Answer = { status: number; body?: string; delayMs?: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** Decides each answer; the default is 200 "ok". */
  respond: (r: Received, countForId: number) => Answer;
  close(): Promise<void>;
};

export async function startReceiver(path = "/hooks"): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    received: [],
    respond: () => ({ status: 200, body: "ok" }),
    close: async () => {},
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const r: Received = { id: headers["webhook-id"] ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      receiver.received.push(r);
      const answer = receiver.respond(r, receiver.received.filter((x) => x.id === r.id).length);
      const send = () => res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body ?? "");
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** The requests received for one event id, in arrival order. */
export const receivedFor = (r: Receiver, id: string) => r.received.filter((x) => x.id === id);
