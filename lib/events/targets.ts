import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { goods, orders, webhookDeliveries } from "../db/schema";
import { newId } from "../ids";
import type { EventType } from "./outbox";

/**
 * Where an event goes: each target is a delivery of its own (same webhook-id, the event id).
 * Today that is the goods' notify URL for the event's type; merchant-level webhook endpoints will
 * be one more target here.
 */

/**
 * Which goods URL receives which event type. order.closed has no URL of its own (goods have
 * notifyUrls.orderCreated and .orderPaid only), so it is recorded and listed by the API but sent
 * nowhere: routing it to the orderCreated URL would hand a handler written for "a new order" an
 * event it does not expect, and a type without a URL is sent nowhere.
 */
const GOODS_URL: Record<EventType, "notifyOrderCreatedUrl" | "notifyOrderPaidUrl" | null> = {
  "order.created": "notifyOrderCreatedUrl",
  "order.paid": "notifyOrderPaidUrl",
  "order.closed": null,
  // Goods have no refund URL either; refund events go to the merchant's webhook endpoints.
  "refund.succeeded": null,
  "refund.failed": null,
};

/** The URL the event's goods sends this type to now, or null. */
async function goodsUrlFor(tx: DbOrTx, type: string, orderId: string | null): Promise<string | null> {
  const column = GOODS_URL[type as EventType];
  if (!column || !orderId) return null;
  const [row] = await tx
    .select({ url: goods[column] })
    .from(orders)
    .innerJoin(goods, eq(goods.id, orders.goodsId))
    .where(eq(orders.id, orderId))
    .limit(1);
  return row?.url ?? null;
}

/** Every URL the event must be delivered to, as configured now (a resend reads them again). */
export async function deliveryTargets(tx: DbOrTx, event: { type: string; orderId: string | null }): Promise<string[]> {
  const goodsUrl = await goodsUrlFor(tx, event.type, event.orderId);
  return goodsUrl ? [goodsUrl] : [];
}

export const urlHash = (url: string) => createHash("sha256").update(url).digest("hex");

/**
 * The delivery of an event to `url`, created once (the (event, url) pair is unique), due now; its id.
 * Written in the event's own transaction, so the outbox row and "where it must go" commit together
 * and a delivery exists before anything could lose track of it.
 */
export async function ensureDelivery(tx: DbOrTx, e: { eventId: string; merchantId: string; url: string; now?: Date }): Promise<string> {
  const now = e.now ?? new Date();
  const hash = urlHash(e.url);
  const id = newId("dlv");
  const [result] = await tx
    .insert(webhookDeliveries)
    .ignore()
    .values({ id, eventId: e.eventId, merchantId: e.merchantId, url: e.url, urlHash: hash, status: "pending", attemptCount: 0, nextAttemptAt: now, createdAt: now, updatedAt: now });
  if (result.affectedRows === 1) return id;
  const [existing] = await tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, e.eventId), eq(webhookDeliveries.urlHash, hash)));
  return existing!.id;
}
