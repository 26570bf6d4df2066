import { z } from "zod";
import { listQuerySchema } from "../api/pagination";
import { listOf, operation, timestamp } from "../openapi/operation";
import { notifyUrlSchema } from "../goods/schemas";
import { EVENT_TYPES } from "../events/schemas";

/** How many endpoints a merchant may have per mode: every event fans out to each, inside its commit. */
export const MAX_ENDPOINTS_PER_MODE = 16;

/** `["*"]` subscribes to every event type, those added later included. */
export const ALL_EVENTS = "*";

const enabledEvents = z
  .array(z.enum([ALL_EVENTS, ...EVENT_TYPES], `must be "*" or one of ${EVENT_TYPES.join(", ")}`))
  .min(1, "must name at least one event type, or \"*\"")
  .max(EVENT_TYPES.length + 1)
  // "*" swallows the rest; duplicates say nothing more.
  .transform((list) => (list.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(list)]));

const description = z.string().trim().max(512).nullable();

export const createWebhookEndpointSchema = z
  .object({
    url: notifyUrlSchema,
    enabledEvents,
    description: description.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type CreateWebhookEndpointInput = z.infer<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z
  .object({
    url: notifyUrlSchema.optional(),
    enabledEvents: enabledEvents.optional(),
    description: description.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateWebhookEndpointInput = z.infer<typeof updateWebhookEndpointSchema>;

/** The endpoint object in every answer (lib/webhook-endpoints/endpoints.ts endpointView). */
export const webhookEndpointSchema = z
  .object({
    id: z.string().meta({ example: "we_1Hq7Xc3Lm9Pz2Rt5Vb8Nk4" }),
    object: z.literal("webhook_endpoint"),
    livemode: z.boolean(),
    url: z.string(),
    description: z.string().nullable(),
    enabledEvents: z.array(z.string()).meta({ description: `Event types delivered here (${EVENT_TYPES.join(", ")}), or ["*"] for every type.` }),
    disabled: z.boolean(),
    disabledReason: z
      .enum(["merchant", "failing"])
      .nullable()
      .meta({ description: "Why it is disabled: by the merchant, or \"failing\" (every delivery failed for five days)." }),
    disabledAt: timestamp().nullable(),
    failingSince: timestamp().nullable().meta({ description: "When its deliveries started failing without a success since; null while healthy." }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .meta({ id: "WebhookEndpoint" });

export const deletedWebhookEndpointSchema = z
  .object({ id: z.string(), object: z.literal("webhook_endpoint"), deleted: z.literal(true) })
  .meta({ id: "DeletedWebhookEndpoint" });

export const webhookEndpointOperations = [
  operation("POST /api/v1/webhook-endpoints", {
    id: "createWebhookEndpoint",
    tag: "Webhooks",
    summary: "Create a webhook endpoint",
    description: `Every event of a subscribed type is delivered here, besides the goods' notify URL, as a delivery of its own with the same webhook-id. At most ${MAX_ENDPOINTS_PER_MODE} per mode.`,
    auth: "secret",
    body: createWebhookEndpointSchema,
    status: 201,
    response: webhookEndpointSchema,
    errors: { 422: "url_not_allowed: the URL points at a loopback, private or link-local address; endpoint_limit_reached." },
  }),
  operation("GET /api/v1/webhook-endpoints", {
    id: "listWebhookEndpoints",
    tag: "Webhooks",
    summary: "List webhook endpoints",
    auth: "secret",
    query: [listQuerySchema],
    response: listOf(webhookEndpointSchema, "WebhookEndpointList"),
  }),
  operation("GET /api/v1/webhook-endpoints/{id}", { id: "retrieveWebhookEndpoint", tag: "Webhooks", summary: "Retrieve a webhook endpoint", auth: "secret", response: webhookEndpointSchema }),
  operation("PATCH /api/v1/webhook-endpoints/{id}", {
    id: "updateWebhookEndpoint",
    tag: "Webhooks",
    summary: "Update a webhook endpoint",
    description: "Disabling an endpoint stops its pending deliveries (they become failed, so they can be resent later); enabling it clears a \"failing\" disable.",
    auth: "secret",
    body: updateWebhookEndpointSchema,
    response: webhookEndpointSchema,
    errors: { 422: "url_not_allowed: the URL points at a loopback, private or link-local address." },
  }),
  operation("DELETE /api/v1/webhook-endpoints/{id}", {
    id: "deleteWebhookEndpoint",
    tag: "Webhooks",
    summary: "Delete a webhook endpoint",
    description: "Its pending deliveries stop; past deliveries and their attempts stay listed on their events.",
    auth: "secret",
    response: deletedWebhookEndpointSchema,
  }),
];
