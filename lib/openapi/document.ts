import { z } from "zod";
import { createDocument, createSchema, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import type { ErrorType } from "../api/errors";
import { goodsOperations } from "../goods/schemas";
import { orderOperations, orderSchema } from "../orders/schemas";
import { refundOperations } from "../refunds/schemas";
import { checkoutOperations } from "../checkout/schemas";
import { EVENT_TYPES, eventComponentId, eventOperations, eventSchema } from "../events/schemas";
import { channelAccountOperations } from "../channel-accounts/schemas";
import { merchantOperations } from "../merchants/schemas";
import { webhookEndpointOperations } from "../webhook-endpoints/schemas";
import { paymentLinkOperations } from "../payment-links/schemas";
import { operation, type ApiOperation } from "./operation";

const ERROR_TYPES = ["invalid_request", "authentication", "permission", "not_found", "conflict", "rate_limited", "channel_error", "internal"] as const;
// Every ErrorType is listed: the compiler refuses this line if lib/api/errors.ts gains one.
const _allErrorTypes: readonly ErrorType[] = ERROR_TYPES satisfies readonly ErrorType[];
type _Missing = Exclude<ErrorType, (typeof ERROR_TYPES)[number]>;
const _noneMissing: [_Missing] extends [never] ? true : false = true;
void _allErrorTypes;
void _noneMissing;

/** The one error shape of shared/API.md, for every failure of every route. */
export const errorSchema = z
  .object({
    error: z.object({
      type: z.enum(ERROR_TYPES),
      code: z.string().meta({ description: "A stable snake_case code, e.g. parameter_missing, resource_missing, order_already_paid." }),
      message: z.string().meta({ description: "A human sentence; never a stack trace." }),
      param: z.string().optional().meta({ description: "The offending field, when one is to blame." }),
      channelCode: z.string().optional().meta({ description: "channel_error only: the channel's own code." }),
      order: orderSchema.optional().meta({ description: "order_already_paid and channel_error on orders: the order as it now stands." }),
    }),
  })
  .meta({ id: "Error" });

const openApiOperation = operation("GET /api/v1/openapi.json", {
  id: "getOpenApiDocument",
  tag: "Meta",
  summary: "This document",
  description: "The OpenAPI 3.1 description of the API, generated from the schemas the routes validate with. No key needed.",
  auth: "none",
  response: z.record(z.string(), z.unknown()).meta({ description: "An OpenAPI 3.1 document." }),
});

/** Every route of the public API. A domain's list lives next to its schemas. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...goodsOperations,
  ...orderOperations,
  ...refundOperations,
  ...checkoutOperations,
  ...eventOperations,
  ...channelAccountOperations,
  ...merchantOperations,
  ...webhookEndpointOperations,
  ...paymentLinkOperations,
  openApiOperation,
];

const SECURITY: Record<ApiOperation["auth"], Record<string, string[]>[]> = {
  secret: [{ secretKey: [] }],
  any: [{ secretKey: [] }, { publishableKey: [] }],
  none: [],
};

const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .meta({
    description:
      "Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call.",
    example: "0b7e8f5e-6a3c-4c55-9d7a-2f1f6c3e8a11",
  });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

/** The failures a route can give: those of every route of its kind, then its own. */
function errorResponses(op: ApiOperation): ZodOpenApiResponsesObject {
  const hasInput = op.body !== undefined || (op.query?.length ?? 0) > 0 || op.method !== "GET";
  const out: Record<string, ReturnType<typeof errorResponse>> = {};
  if (hasInput) out[400] = errorResponse("invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, …");
  if (op.auth !== "none") {
    out[401] = errorResponse("authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked).");
    out[403] = errorResponse(
      [op.auth === "secret" ? "permission: secret_key_required (a publishable key was sent)" : "permission", "merchant_suspended (the merchant is suspended by the operator)"].join("; "),
    );
  }
  if (op.path.includes("{")) out[404] = errorResponse("not_found: resource_missing (also for another merchant's id, or the other mode's).");
  if (op.auth !== "none") {
    out[429] = errorResponse(
      "rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.",
    );
  }
  if (op.method === "POST") out[409] = errorResponse("conflict: idempotency_key_reused (same key, different body), idempotency_in_progress.");
  for (const [status, text] of Object.entries(op.errors ?? {})) {
    const earlier = out[status] ? `${out[status].description} ` : "";
    out[status] = errorResponse(`${earlier}${text}`);
  }
  out[500] = errorResponse("internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again).");
  return out as ZodOpenApiResponsesObject;
}

function pathParams(op: ApiOperation) {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, op.params?.[n] ?? z.string().meta({ description: "The object's id." })])));
}

/**
 * Query parameters from the route's own schemas, field by field: a route may parse its query with
 * several (pagination, then its filters), and each field's schema is the one the route applies.
 */
function queryParams(op: ApiOperation) {
  return (op.query ?? []).flatMap((schema) =>
    Object.entries(schema.shape).map(([name, field]) => {
      const description = (field as z.ZodType).description;
      return {
        in: "query" as const,
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: createSchema(field as z.ZodType, { io: "input" }).schema,
        ...(description ? { description } : {}),
      };
    }),
  );
}

function toOperation(op: ApiOperation): ZodOpenApiOperationObject {
  const status = op.status ?? 200;
  const path = pathParams(op);
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: SECURITY[op.auth],
    requestParams: {
      ...(path ? { path } : {}),
      ...(op.method === "POST" ? { header: z.object({ "Idempotency-Key": idempotencyKey }) } : {}),
    },
    parameters: queryParams(op),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
    responses: {
      [status]: { description: status === 201 ? "Created" : "OK", content: { "application/json": { schema: op.response } } },
      ...errorResponses(op),
    },
  };
}

const webhookHeaders = z.object({
  "webhook-id": z.string().meta({ description: "The event id; the same on every retry. De-duplicate on it." }),
  "webhook-timestamp": z.string().meta({ description: "Unix seconds when this attempt was signed." }),
  "webhook-signature": z
    .string()
    .meta({ description: 'Space-separated "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>" entries, keyed with your whsec_ secret (two during a rotation).' }),
});

/** The notifications payrelay sends to merchants (Standard Webhooks), one entry per event type. */
function webhooks() {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `webhook.${type}`,
          tags: ["Webhooks"],
          summary: `${type} notification`,
          description:
            "Sent to the goods' notify URL for this type and to every enabled webhook endpoint subscribed to it, each a delivery of its own with the same webhook-id. Any 2xx within 10 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Verify it with any Standard Webhooks library (the SDK's webhooks.verify).",
          requestParams: { header: webhookHeaders },
          // By reference: the event as the events API shows it (what we send is our output, not an input).
          requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${eventComponentId(type)}` } } } },
          responses: { "2XX": { description: "Received; no further attempts." }, default: { description: "Not received; retried on the schedule." } },
        },
      },
    ]),
  );
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document of the public API, built once per process from the routes' own schemas. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const op of API_OPERATIONS) {
    const item = (paths[op.path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[op.method.toLowerCase()] = toOperation(op);
  }
  cached = createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "payrelay API",
        version: "1",
        description: [
          "One API for Alipay H5, WeChat Pay H5 and WeChat Pay JSAPI. JSON in and out, camelCase fields, money in integer fen (100 = 1.00 CNY), timestamps in ISO-8601 UTC.",
          "",
          "Authenticate with `Authorization: Bearer <key>`: secret keys (sk_test_…, sk_live_…) on your server for everything; publishable keys (pk_…) in the browser may only create orders and checkout sessions and read one order or session by id. A test key works against the built-in sandbox, a live key against the real channels; test and live data never mix.",
          "",
          "Every POST honours `Idempotency-Key`. Lists take `limit` (1–100) and `startingAfter` and answer `{ object: \"list\", data, hasMore }`. Every failure has the shape `{ error: { type, code, message, param? } }`.",
        ].join("\n"),
      },
      tags: [
        { name: "Goods", description: "What you sell, with its price in fen and where its order events go." },
        { name: "Orders", description: "One payment attempt through one channel." },
        { name: "Checkout sessions", description: "A payrelay-hosted payment page." },
        { name: "Events", description: "Everything that happened, and every webhook sent for it." },
        { name: "Channel accounts", description: "Live Alipay / WeChat Pay credentials." },
        { name: "Webhooks", description: "Signing secrets and webhook endpoints; the notifications themselves are under webhooks." },
        { name: "Meta", description: "About the API itself." },
      ],
      paths,
      webhooks: webhooks(),
      components: {
        securitySchemes: {
          secretKey: { type: "http", scheme: "bearer", bearerFormat: "sk_test_… | sk_live_…", description: "A secret key: your server only. Everything." },
          publishableKey: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "pk_test_… | pk_live_…",
            description: "A publishable key: safe in browser code. Creates orders and checkout sessions for your active goods and reads one by id.",
          },
        },
      },
    },
  );
  // The webhooks' bodies are each event type's schema (the API's answers add deliveries to them), as
  // we send them: output schemas, added beside the components the routes made.
  const events = createSchema(eventSchema, { io: "output" });
  cached.components = { ...cached.components, schemas: { ...events.components, ...cached.components?.schemas } };
  return cached;
}
