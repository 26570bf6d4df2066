import type { events, webhookAttempts, webhookDeliveries } from "../db/schema";

export type EventRow = typeof events.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export type EventView = {
  id: string;
  object: "event";
  type: string;
  createdAt: string;
  livemode: boolean;
  data: Record<string, unknown>;
};

/** The event as docs/api.md shows it; also, byte for byte, the body of every webhook sent for it. */
export function eventView(row: EventRow): EventView {
  return { id: row.id, object: "event", type: row.type, createdAt: row.createdAt.toISOString(), livemode: row.livemode, data: row.data };
}

export type AttemptView = {
  id: string;
  trigger: AttemptRow["trigger"];
  at: string;
  statusCode: number | null;
  latencyMs: number | null;
  responseExcerpt: string | null;
  error: string | null;
};

export function attemptView(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    trigger: row.trigger,
    at: row.at.toISOString(),
    statusCode: row.statusCode,
    latencyMs: row.latencyMs,
    responseExcerpt: row.responseExcerpt,
    error: row.error,
  };
}

export type DeliveryView = {
  id: string;
  object: "webhook_delivery";
  url: string;
  /** The webhook endpoint it goes to; null for the goods' notify URL. */
  endpointId: string | null;
  status: DeliveryRow["status"];
  /** Automatic attempts made so far (the retry schedule's position); resends are not counted. */
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  attempts?: AttemptView[];
};

export function deliveryView(row: DeliveryRow, attempts?: AttemptRow[]): DeliveryView {
  return {
    id: row.id,
    object: "webhook_delivery",
    url: row.url,
    endpointId: row.endpointId,
    status: row.status,
    attemptCount: row.attemptCount,
    // Only a pending delivery has a next attempt; a settled one keeps none.
    nextAttemptAt: row.status === "pending" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    ...(attempts ? { attempts: attempts.map(attemptView) } : {}),
  };
}
