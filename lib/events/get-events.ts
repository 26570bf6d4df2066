import { and, asc, desc, eq, exists, inArray, type SQL } from "drizzle-orm";
import { db } from "../db/client";
import { events, webhookAttempts, webhookDeliveries } from "../db/schema";
import { notFound } from "../api/errors";
import { afterCursor, page, type ListQuery } from "../api/pagination";
import type { Owner } from "../goods/goods";
import type { ListEventsFilters } from "./schemas";
import { deliveryView, eventView, type DeliveryView, type EventRow, type EventView } from "./view";

export type EventWithDeliveries = EventView & { deliveries: DeliveryView[] };

/** The owner's event (same merchant, same mode) or a 404 that says nothing about anyone else's. */
export async function getEventRowOrThrow(owner: Owner, id: string): Promise<EventRow> {
  const [row] = await db()
    .select()
    .from(events)
    .where(and(eq(events.id, id), eq(events.merchantId, owner.merchantId), eq(events.livemode, owner.livemode)))
    .limit(1);
  if (!row) throw notFound("event", id, "id");
  return row;
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
  const filters: SQL[] = [eq(events.merchantId, owner.merchantId), eq(events.livemode, owner.livemode)];
  if (query.type) filters.push(eq(events.type, query.type));
  if (query.orderId) filters.push(eq(events.orderId, query.orderId));
  if (query.deliveryStatus) {
    filters.push(
      exists(
        db()
          .select({ one: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.eventId, events.id), eq(webhookDeliveries.status, query.deliveryStatus))),
      ),
    );
  }
  if (query.startingAfter) {
    const cursor = await getEventRowOrThrow(owner, query.startingAfter).catch(() => {
      throw notFound("event", query.startingAfter, "startingAfter");
    });
    filters.push(afterCursor(events, cursor));
  }
  const rows = await db()
    .select()
    .from(events)
    .where(and(...filters))
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(query.limit + 1);
  const listed = rows.slice(0, query.limit);
  const deliveries =
    listed.length === 0
      ? []
      : await db()
          .select()
          .from(webhookDeliveries)
          .where(inArray(webhookDeliveries.eventId, listed.map((r) => r.id)))
          .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id));
  const withDeliveries: EventWithDeliveries[] = rows.map((r) => ({
    ...eventView(r),
    deliveries: deliveries.filter((d) => d.eventId === r.id).map((d) => deliveryView(d)),
  }));
  return page(withDeliveries, query.limit);
}
