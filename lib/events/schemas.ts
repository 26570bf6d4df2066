import { z } from "zod";
import { webhookDeliveries } from "../db/schema";

export const EVENT_TYPES = ["order.created", "order.paid", "order.closed"] as const;

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
