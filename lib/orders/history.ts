import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "../db/client";
import { channelCallbacks, channelRequests, events, webhookAttempts, webhookDeliveries } from "../db/schema";
import type { OrderRow } from "./view";

export type DeliveryWithAttempts = typeof webhookDeliveries.$inferSelect & { attempts: (typeof webhookAttempts.$inferSelect)[] };
export type EventWithDeliveryRows = typeof events.$inferSelect & { deliveries: DeliveryWithAttempts[] };

export type OrderHistory = {
  /** Every call payrelay made to the channel for the order, oldest first. */
  requests: (typeof channelRequests.$inferSelect)[];
  /** Every notification received about it, verified or not. */
  callbacks: (typeof channelCallbacks.$inferSelect)[];
  /** Its events, each with its deliveries and their attempts. */
  events: EventWithDeliveryRows[];
};

/** Deliveries of the given events with their attempts (oldest first). */
export async function deliveriesForEvents(merchantId: string, eventIds: string[]): Promise<DeliveryWithAttempts[]> {
  if (eventIds.length === 0) return [];
  const deliveries = await db()
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.merchantId, merchantId), inArray(webhookDeliveries.eventId, eventIds)))
    .orderBy(asc(webhookDeliveries.createdAt));
  if (deliveries.length === 0) return [];
  const attempts = await db()
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
    .orderBy(asc(webhookAttempts.at));
  return deliveries.map((d) => ({ ...d, attempts: attempts.filter((a) => a.deliveryId === d.id) }));
}

/**
 * Everything that happened to an order besides its own row: for the portal's order timeline and the
 * operator's `orders show`. Scoped to the order's own merchant and mode.
 */
export async function orderHistory(order: OrderRow): Promise<OrderHistory> {
  const [requests, callbacks, eventRows] = await Promise.all([
    db().select().from(channelRequests).where(eq(channelRequests.orderId, order.id)).orderBy(asc(channelRequests.at)),
    db()
      .select()
      .from(channelCallbacks)
      .where(and(eq(channelCallbacks.orderId, order.id), eq(channelCallbacks.merchantId, order.merchantId)))
      .orderBy(asc(channelCallbacks.receivedAt)),
    db()
      .select()
      .from(events)
      .where(and(eq(events.orderId, order.id), eq(events.merchantId, order.merchantId), eq(events.livemode, order.livemode)))
      .orderBy(asc(events.createdAt)),
  ]);
  const deliveries = await deliveriesForEvents(order.merchantId, eventRows.map((e) => e.id));
  return { requests, callbacks, events: eventRows.map((e) => ({ ...e, deliveries: deliveries.filter((d) => d.eventId === e.id) })) };
}
