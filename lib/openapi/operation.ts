import { z } from "zod";

/**
 * One entry of the API document (GET /api/v1/openapi.json): a route and the very zod schemas its
 * handler validates with, so the document cannot drift from what the API accepts. Each domain lists
 * its routes next to its schemas (lib/<domain>/schemas.ts); lib/openapi/document.ts gathers them, and
 * tests/openapi checks that every route file under app/api/v1 is listed.
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Which bearer keys a route takes: secret keys only, secret or publishable, or none. */
export type Auth = "secret" | "any" | "none";

export type ApiOperation = {
  method: Method;
  /** OpenAPI path template, e.g. /api/v1/orders/{id}. */
  path: string;
  /** Stable operationId; the SDK's generated types are keyed by path, these name them for readers. */
  id: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  /** The exact schema the route parses its JSON body with. */
  body?: z.ZodType;
  /** The exact schemas the route parses its query string with (each a z.object of optional fields). */
  query?: z.ZodObject[];
  /** Path parameters that are more than an opaque id (an enum, say); others default to a string id. */
  params?: Record<string, z.ZodType>;
  /** Success status; 200 unless given. */
  status?: number;
  /** The success body's schema (lib/<domain>/schemas.ts); tests parse real answers with it. */
  response: z.ZodType;
  /** Errors particular to this route, by status, beyond those every route of its kind can give. */
  errors?: Partial<Record<number, string>>;
};

type RouteKey = `${Method} /api/${string}`;

/** The one-line registration: `operation("GET /api/v1/orders/{id}", { … })`. */
export function operation(route: RouteKey, spec: Omit<ApiOperation, "method" | "path">): ApiOperation {
  const [method, path] = route.split(" ") as [Method, string];
  return { method, path, ...spec };
}

/** Timestamps in responses: ISO-8601 strings in UTC. */
export const timestamp = () => z.iso.datetime();

/** `{ object: "list", data, hasMore }`, the shape of every list (shared/API.md "Lists"). */
export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      object: z.literal("list"),
      data: z.array(item),
      hasMore: z.boolean().meta({ description: "Whether more items follow; pass the last id as startingAfter to get them." }),
    })
    .meta({ id });
}
