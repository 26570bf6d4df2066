import { z } from "zod";
import { webhookAttempts, webhookDeliveries } from "../db/schema";
import { listQuerySchema } from "../api/pagination";
import { listOf, operation, timestamp } from "../openapi/operation";
import { orderSchema } from "../orders/schemas";
import { refundSchema } from "../refunds/schemas";

export const EVENT_TYPES = ["order.created", "order.paid", "order.closed", "refund.succeeded", "refund.failed"] as const;

/** GET /api/v1/events filters (besides limit/startingAfter, lib/api/pagination.ts). */
export const listEventsSchema = z
  .object({
    type: z.enum(EVENT_TYPES).optional(),
    orderId: z.string().min(1).max(64).optional(),
    /** Events with at least one delivery in this state. */
    deliveryStatus: z.enum(webhookDeliveries.status.enumValues).optional(),
  })
  .strict();

export type ListEventsFilters = z.infer<typeof listEventsSchema>;

/** Most deliveries one bulk resend re-queues (lib/notify/bulk-resend.ts). */
export const BULK_RESEND_MAX = 1000;

/**
 * POST /api/v1/events/resend. `since` is a real instant: a date the calendar does not have
 * (2030-02-30) is refused, not rolled over into March.
 */
export const bulkResendSchema = z
  .object({
    status: z.literal("failed", "must be \"failed\": only failed deliveries are resent in bulk"),
    since: z.iso
      .datetime({ offset: true })
      .transform((v, ctx) => {
        const at = new Date(v);
        const [y, m, d] = v.slice(0, 10).split("-").map(Number) as [number, number, number];
        const day = new Date(Date.UTC(y, m - 1, d));
        if (Number.isNaN(at.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
          ctx.addIssue({ code: "custom", message: "is not a real date and time" });
          return z.NEVER;
        }
        return at;
      })
      .meta({ description: "Deliveries of events created at or after this instant (ISO-8601)." }),
    limit: z.number().int().min(1).max(BULK_RESEND_MAX).optional().meta({ description: `At most this many deliveries (default and maximum ${BULK_RESEND_MAX}), oldest first.` }),
  })
  .strict();

export const bulkResendResultSchema = z
  .object({
    object: z.literal("event_resend"),
    status: z.literal("failed"),
    since: timestamp(),
    requeued: z.number().int().meta({ description: "Failed deliveries made pending again by this call and handed to the sender." }),
    hasMore: z.boolean().meta({ description: "More failed deliveries match: call again (once these have been attempted) for the next ones." }),
  })
  .meta({ id: "EventResend" });

export type EventTypeName = (typeof EVENT_TYPES)[number];

/** What each event type carries in `data`. A new event type must say it here (`satisfies` demands it). */
const EVENT_DATA = {
  "order.created": z.object({ order: orderSchema }),
  "order.paid": z.object({ order: orderSchema }),
  "order.closed": z.object({ order: orderSchema }),
  "refund.succeeded": z.object({ refund: refundSchema, order: orderSchema }),
  "refund.failed": z.object({ refund: refundSchema, order: orderSchema }),
} satisfies Record<EventTypeName, z.ZodObject>;

/** "order.paid" → "OrderPaidEvent", the component name of that event's schema. */
export const eventComponentId = (type: string) => `${type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}Event`;

/**
 * The event of one type: what GET /api/v1/events shows and, byte for byte, the body of every
 * webhook sent for it (lib/events/view.ts eventView).
 */
function eventOf<T extends EventTypeName>(type: T) {
  return z
    .object({
      id: z.string().meta({ description: "Also the webhook-id header of its deliveries.", example: "evt_9Qw3Er5Ty7Ui9Op1As3Df5" }),
      object: z.literal("event"),
      type: z.literal(type),
      createdAt: timestamp(),
      livemode: z.boolean(),
      data: EVENT_DATA[type] as (typeof EVENT_DATA)[T],
    })
    .meta({ id: eventComponentId(type) });
}

type EventSchemas = { [T in EventTypeName]: ReturnType<typeof eventOf<T>> };
export const eventSchemas = Object.fromEntries(EVENT_TYPES.map((type) => [type, eventOf(type)])) as EventSchemas;

type AnyEventSchema = EventSchemas[EventTypeName];
export const eventSchema = z
  .discriminatedUnion("type", EVENT_TYPES.map((t) => eventSchemas[t]) as [AnyEventSchema, ...AnyEventSchema[]])
  .meta({ id: "Event" });

export const webhookAttemptSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(webhookAttempts.trigger.enumValues),
    at: timestamp(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    responseExcerpt: z.string().nullable().meta({ description: "The first 1 KiB of the receiver's answer." }),
    error: z.string().nullable(),
  })
  .meta({ id: "WebhookAttempt" });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    object: z.literal("webhook_delivery"),
    url: z.string(),
    endpointId: z.string().nullable().meta({ description: "The webhook endpoint this delivery goes to; null for the goods' notify URL." }),
    status: z.enum(webhookDeliveries.status.enumValues),
    attemptCount: z.number().int().meta({ description: "Automatic attempts made so far; resends are not counted." }),
    nextAttemptAt: timestamp().nullable(),
    lastAttemptAt: timestamp().nullable(),
    attempts: z.array(webhookAttemptSchema).optional().meta({ description: "Every attempt, oldest first (on GET /api/v1/events/{id} and resend)." }),
  })
  .meta({ id: "WebhookDelivery" });

/**
 * An event with where it went: the answer of the events API. One object per event type (not an
 * intersection: a JSON Schema allOf of two closed objects would admit nothing).
 */
const deliveries = z.array(webhookDeliverySchema);
export const eventWithDeliveriesSchema = z
  .discriminatedUnion(
    "type",
    EVENT_TYPES.map((t) => eventSchemas[t].extend({ deliveries }).meta({ id: `${eventComponentId(t)}WithDeliveries` })) as [
      z.ZodObject<AnyEventSchema["shape"] & { deliveries: typeof deliveries }>,
      ...z.ZodObject<AnyEventSchema["shape"] & { deliveries: typeof deliveries }>[],
    ],
  )
  .meta({ id: "EventWithDeliveries" });

export const eventOperations = [
  operation("POST /api/v1/events/resend", {
    id: "resendFailedDeliveries",
    tag: "Events",
    summary: "Resend failed deliveries in bulk",
    description:
      "Every failed delivery of an event created since `since` becomes pending and is sent again now by the worker (one attempt, recorded as automatic). Bounded (at most 1000 per call, oldest first) and safe to repeat: a second call while the first's deliveries are still pending does not send them twice. Deliveries to a disabled or deleted endpoint are left failed.",
    auth: "secret",
    body: bulkResendSchema,
    status: 202,
    response: bulkResendResultSchema,
  }),
  operation("GET /api/v1/events", { id: "listEvents", tag: "Events", summary: "List events", auth: "secret", query: [listQuerySchema, listEventsSchema], response: listOf(eventWithDeliveriesSchema, "EventList") }),
  operation("GET /api/v1/events/{id}", { id: "retrieveEvent", tag: "Events", summary: "Retrieve an event with its deliveries and attempts", auth: "secret", response: eventWithDeliveriesSchema }),
  operation("POST /api/v1/events/{id}/resend", {
    id: "resendEvent",
    tag: "Events",
    summary: "Resend an event now",
    description: "One attempt now, to every place the event goes today (the goods' notify URL for its type, each enabled endpoint subscribed to it), recorded with trigger \"resend\"; the answer shows it.",
    auth: "secret",
    response: eventWithDeliveriesSchema,
    errors: { 409: "no_notify_url: neither the goods nor any enabled webhook endpoint takes this event type." },
  }),
];
