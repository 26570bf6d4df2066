import { and, asc, eq, exists, inArray } from "drizzle-orm";
import { db } from "../db/client";
import { events, webhookAttempts, webhookDeliveries } from "../db/schema";
import { keysetPage, type ListQuery } from "../api/pagination";
import { notFound } from "../api/errors";
import { getOwnedOrThrow, ownedBy, type Owner } from "../owner";
import type { ListEventsFilters } from "./schemas";
import { deliveryView, eventView, type DeliveryView, type EventRow, type EventView } from "./view";

export type EventWithDeliveries = EventView & { deliveries: DeliveryView[] };

/** The owner's event (same merchant, same mode) or a 404 that says nothing about anyone else's. */
export function getEventRowOrThrow(owner: Owner, id: string): Promise<EventRow> {
  return getOwnedOrThrow(events, owner, id, "event");
}

/** Whose an event is (merchant and mode), for the operator CLI, which acts across merchants. */
export async function eventOwnerOrThrow(id: string): Promise<Owner> {
  const [row] = await db().select({ merchantId: events.merchantId, livemode: events.livemode }).from(events).where(eq(events.id, id)).limit(1);
  if (!row) throw notFound("event", id);
  return row;
}

/** GET /api/v1/events/{id}: the event, each delivery and every attempt, oldest attempt first. */
export async function getEventOrThrow(owner: Owner, id: string): Promise<EventWithDeliveries> {
  const event = await getEventRowOrThrow(owner, id);
  const [deliveries, attempts] = await Promise.all([
    db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, id)).orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id)),
    db().select().from(webhookAttempts).where(eq(webhookAttempts.eventId, id)).orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id)),
  ]);
  return {
    ...eventView(event),
    deliveries: deliveries.map((d) => deliveryView(d, attempts.filter((a) => a.deliveryId === d.id))),
  };
}

/** GET /api/v1/events: newest first, keyset-paginated like every list; deliveries without their attempts. */
export async function listEvents(owner: Owner, query: ListQuery & ListEventsFilters) {
  const after = query.startingAfter ? await getOwnedOrThrow(events, owner, query.startingAfter, "event", "startingAfter") : null;
  const filters = [
    ownedBy(events, owner),
    query.type ? eq(events.type, query.type) : undefined,
    query.orderId ? eq(events.orderId, query.orderId) : undefined,
    query.deliveryStatus
      ? exists(
          db()
            .select({ one: webhookDeliveries.id })
            .from(webhookDeliveries)
            .where(and(eq(webhookDeliveries.eventId, events.id), eq(webhookDeliveries.status, query.deliveryStatus))),
        )
      : undefined,
  ];
  const listed = await keysetPage(db().select().from(events).$dynamic(), events, filters, { limit: query.limit, after }, (r) => r);
  const deliveries =
    listed.data.length === 0
      ? []
      : await db()
          .select()
          .from(webhookDeliveries)
          .where(inArray(webhookDeliveries.eventId, listed.data.map((r) => r.id)))
          .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id));
  const data: EventWithDeliveries[] = listed.data.map((r) => ({
    ...eventView(r),
    deliveries: deliveries.filter((d) => d.eventId === r.id).map((d) => deliveryView(d)),
  }));
  return { ...listed, data };
}
