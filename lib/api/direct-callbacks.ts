import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallbackAnswer } from "../orders/callback-answer";
import type { InboundCallback } from "../orders/handle-callback";
import { readNodeBodyCapped } from "./body";

/**
 * Channel callbacks answered by the web server itself, before Next's router (issue 16). Next's
 * request handling (routing, NextRequest, web streams, the app-route runtime) was about 40 % of the
 * web's CPU per callback, and the callback's answer was the bottleneck of the paid path. The
 * handler is the app's own (lib/orders/callback-answer.ts), handed over by Next's instrumentation
 * hook (instrumentation.ts). Turbopack builds the instrumentation hook as a module graph of its own:
 * the metrics registry, the database pools and the Redis command connection are shared (they live
 * on globalThis, lib/process-shared.ts), but this path has a set of caches of its own
 * (invalidations reach them through Redis, as they reach other processes). Where nothing registered it (`next dev`, `next start`),
 * the route app/api/callbacks/[provider]/[accountId] answers.
 */
type Answer = (provider: string, accountId: string, req: IncomingMessage) => Promise<CallbackAnswer>;

const KEY = Symbol.for("payrelay.answerChannelCallback");
const registry = globalThis as typeof globalThis & { [KEY]?: Answer };

/** Hands the web server the app's handler; undefined takes it back (tests). */
export function registerDirectCallbacks(answer: Answer | undefined): void {
  registry[KEY] = answer;
}

/**
 * A node:http request as the callback handler reads it. Called on the app's side of the hand-over
 * (instrumentation.ts), so the body's errors are the app's own ApiError, which it answers as the
 * provider's failure acknowledgement.
 */
export function inboundFromNode(req: IncomingMessage): InboundCallback {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return { headers, readBody: () => readNodeBodyCapped(req) };
}

export const directCallbacksRegistered = (): boolean => registry[KEY] !== undefined;

const CALLBACK_PATH = /^\/api\/callbacks\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/?(?:\?.*)?$/;

/**
 * Answers a channel callback if `req` is one and the handler is registered; false otherwise (the
 * caller hands the request to Next). A path segment outside [A-Za-z0-9_-] is left to Next, which
 * answers it as the route does. `onError` gets what the handler threw, which it never should: it
 * answers every failure with the provider's failure acknowledgement.
 */
export function answerCallbackDirectly(req: IncomingMessage, res: ServerResponse, onError: (error: unknown) => void): boolean {
  const answer = registry[KEY];
  if (!answer || req.method !== "POST") return false;
  const match = CALLBACK_PATH.exec(req.url ?? "");
  if (!match) return false;
  answer(match[1]!, match[2]!, req).then((a) => {
    // A body refused unread (past the size cap) is not read on to its end: the connection is
    // closed once the answer is out, as Node does for `Connection: close`, so a sender cannot
    // keep us reading a body of any length.
    if (!req.complete) res.setHeader("connection", "close");
    res.writeHead(a.status, a.headers);
    res.end(a.body);
  }, onError);
  return true;
}
