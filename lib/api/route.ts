import { ZodError, type z } from "zod";
import type { Logger } from "pino";
import { logger } from "../log";
import { newId } from "../ids";
import { ApiError, errorResponse, fromZodError } from "./errors";
import { authenticate, type KeyRequirement } from "./auth";
import { clientAddress } from "./client-address";
import { anonymousBudgets, enforceBudgets, keyBudgets } from "./rate-limit";
import { parseJsonObject, readBodyCapped } from "./body";
import { beginIdempotent, type DurableIdempotency } from "./idempotency";
import type { ResolvedKey } from "../api-keys/api-keys";
import { ownerOfKey, type Owner } from "../owner";
import { observeRequest, routePattern } from "../metrics/metrics";

export type ApiContext<B> = {
  req: Request;
  url: URL;
  params: Record<string, string>;
  key: ResolvedKey;
  /** Whose data this request may see and change: the key's merchant, in the key's mode. */
  owner: Owner;
  body: B;
  /** The parsed JSON object, for routes whose schema depends on a path parameter. */
  json: Record<string, unknown>;
  log: Logger;
  requestId: string;
  /** The client's address (lib/api/client-address.ts): the socket's, or what a trusted proxy says. */
  address: string | null;
  /** Set on a POST sent with an Idempotency-Key: a handler that creates a row stores it there (lib/api/idempotency.ts). */
  idempotency: DurableIdempotency | null;
};

export type ApiResult = { status: number; body: unknown };

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** A Next route handler. */
export type RouteHandler = (req: Request, routeContext?: RouteContext) => Promise<Response>;

type Options<S extends z.ZodType | undefined> = {
  auth: KeyRequirement;
  body?: S;
  /** Creations that a publishable key's caller is also limited in per client address (orders, checkout sessions). */
  perAddressLimit?: boolean;
};

/**
 * The public API's one entry: request id, body cap, JSON parsing, key auth, body schema,
 * Idempotency-Key on POST, and every failure in the contract's error shape. Route handlers stay
 * thin: they get a typed context and return { status, body }. The handler carries its options, so
 * tests can check that the API document names the very body schema the route parses with.
 */
export function apiRoute<S extends z.ZodType | undefined = undefined>(
  options: Options<S>,
  handler: (ctx: ApiContext<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<ApiResult>,
) {
  return Object.assign(routeHandler(options, handler), { apiOptions: options });
}

function routeHandler<S extends z.ZodType | undefined>(
  options: Options<S>,
  handler: (ctx: ApiContext<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<ApiResult>,
) {
  return async (req: Request, routeContext?: RouteContext): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.match(/^[\w.-]{1,64}$/)?.[0] ?? newId("req");
    const url = new URL(req.url);
    const log = logger().child({ requestId, method: req.method, path: url.pathname });
    const headers: Record<string, string> = { "x-request-id": requestId };
    const started = performance.now();
    const address = clientAddress(req.headers);
    let status = 500;
    try {
      const raw = await readBodyCapped(req);
      const key = await authenticate(req, options.auth, log).catch(async (error: unknown) => {
        // No merchant's budget to charge: the caller's address pays (and may be told to slow down instead).
        await enforceBudgets(anonymousBudgets(address), headers, log);
        throw error;
      });
      await enforceBudgets(keyBudgets(key, address, options.perAddressLimit === true), headers, log);
      const json = req.method === "GET" || req.method === "HEAD" ? {} : parseJsonObject(raw, req.headers.get("content-type"));
      const body = options.body ? options.body.parse(json) : undefined;
      // Next passes no params object for routes without dynamic segments.
      const rawParams = (routeContext ? await routeContext.params : undefined) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      const owner = ownerOfKey(key);
      let handlerLog: Logger | undefined;
      const ctx: ApiContext<S extends z.ZodType ? z.infer<S> : undefined> = {
        req,
        url,
        params,
        key,
        owner,
        body: body as S extends z.ZodType ? z.infer<S> : undefined,
        json,
        // Made when the handler first logs: most never do, and a pino child serialises (and
        // redacts) its bindings at once, which every request would pay for (issue 16).
        get log() {
          return (handlerLog ??= log.child(owner));
        },
        requestId,
        address,
        idempotency: null,
      };

      const idempotencyKey = req.method === "POST" ? req.headers.get("idempotency-key") : null;
      if (idempotencyKey === null) {
        const result = await handler(ctx);
        status = result.status;
        return Response.json(result.body, { status: result.status, headers });
      }
      // Scoped to the API key itself: a publishable key (public by design) can never claim or read
      // what the merchant's secret key stored, nor can two keys collide (shared/API.md).
      const idem = await beginIdempotent(`key:${key.keyId}`, idempotencyKey, { method: req.method, path: url.pathname, body: json });
      if (idem.kind === "replay") {
        status = idem.status;
        return Response.json(idem.body, { status: idem.status, headers: { ...headers, "idempotent-replayed": "true" } });
      }
      let result: ApiResult;
      try {
        ctx.idempotency = idem.durable;
        result = await handler(ctx);
      } catch (error) {
        // An ApiError is an answer like any other (a channel_error included) and is replayed; our own
        // failure (anything else) frees the key so a retry runs again.
        const answer = error instanceof ApiError ? error : error instanceof ZodError ? fromZodError(error) : null;
        if (answer) await completeQuietly(idem, answer.status, answer.body(), log);
        else await idem.abandon().catch(() => {});
        throw error;
      }
      status = result.status;
      // The handler has run: whatever happens to the record, the caller gets its answer.
      await completeQuietly(idem, result.status, result.body, log);
      return Response.json(result.body, { status: result.status, headers });
    } catch (error) {
      const response = errorResponse(error, log, headers);
      status = response.status;
      return response;
    } finally {
      const ms = performance.now() - started;
      log.info({ status, ms: Math.round(ms) }, "request");
      void observeApiRequest(req.method, url.pathname, routeContext, status, ms);
    }
  };
}

/** Records the outcome; a failure to record is logged, never turned into a different answer. */
async function completeQuietly(idem: { complete: (status: number, body: unknown) => Promise<void> }, status: number, body: unknown, log: Logger) {
  await idem.complete(status, body).catch((error: unknown) => log.error({ err: error }, "idempotency: could not record the outcome"));
}

/** Never throws: Next hands routes without dynamic segments a context whose params is undefined. */
async function observeApiRequest(method: string, pathname: string, routeContext: RouteContext | undefined, status: number, ms: number) {
  const params = await Promise.resolve(routeContext?.params).catch(() => undefined);
  observeRequest(method, routePattern(pathname, params), status, ms / 1000);
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/**
 * A route module's exports: the handlers it serves, and the contract's 405 for every other method
 * (Next's own is an empty body). A route file lists what it serves, nothing else:
 * `export const { GET, POST, PUT, PATCH, DELETE } = routes({ GET: apiRoute(…) });`
 */
export function routes(handlers: Partial<Record<Method, RouteHandler>>): Record<Method, RouteHandler> {
  return Object.fromEntries(METHODS.map((method) => [method, handlers[method] ?? methodNotAllowed])) as Record<Method, RouteHandler>;
}

/** For methods a route does not serve: the contract's error shape instead of Next's empty 405. */
async function methodNotAllowed(req: Request): Promise<Response> {
  return anonymousAnswer(
    req,
    new ApiError("invalid_request", "method_not_allowed", `${req.method} is not supported on ${new URL(req.url).pathname}.`, {
      status: 405,
    }),
  );
}

/** An error answer for a request no key was checked for: charged to the client's address, with its RateLimit headers. */
async function anonymousAnswer(req: Request, error: ApiError): Promise<Response> {
  const headers: Record<string, string> = {};
  try {
    await enforceBudgets(anonymousBudgets(clientAddress(req.headers)), headers, logger());
  } catch (limited) {
    return errorResponse(limited, undefined, headers);
  }
  return errorResponse(error, undefined, headers);
}

/** Unknown /api paths: a JSON 404, never an HTML page. */
export async function unknownRoute(req: Request): Promise<Response> {
  // One series for every unknown path, however many are probed.
  observeRequest(req.method, "unmatched", 404, 0);
  return anonymousAnswer(
    req,
    new ApiError("not_found", "route_not_found", `Unrecognized request URL (${req.method}: ${new URL(req.url).pathname}).`),
  );
}
