import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db, type DbOrTx } from "../db/client";
import { goods, orders, webhookDeliveries, webhookEndpoints } from "../db/schema";
import { newId } from "../ids";
import { InvalidatedCache } from "../cache/invalidated-cache";
import { cachedGoodsRow } from "../goods/goods";
import type { EventType } from "./outbox";

/**
 * Where an event goes: each target is a delivery of its own (same webhook-id, the event id): the
 * goods' notify URL for the event's type, and every enabled webhook endpoint of the merchant, in
 * the event's mode, subscribed to the type.
 */

/** One place an event is delivered to: a goods' notify URL (endpointId null) or a webhook endpoint. */
export type Target = { url: string; endpointId: string | null };

/**
 * Which goods URL receives which event type. order.closed has no goods URL of its own (goods have
 * notifyUrls.orderCreated and .orderPaid only), so it goes to the webhook endpoints subscribed to
 * it and nowhere else: routing it to the orderCreated URL would hand a handler written for "a new
 * order" an event it does not expect.
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

/** Whether an endpoint's `enabledEvents` (types, or ["*"]) takes this type. */
export const subscribes = (enabledEvents: string[], type: string) => enabledEvents.includes("*") || enabledEvents.includes(type);

type EndpointTargetRow = { id: string; url: string; enabledEvents: string[] };

/** The enabled endpoints of a merchant and mode, read now. */
function enabledEndpoints(via: DbOrTx, event: { merchantId: string; livemode: boolean }): Promise<EndpointTargetRow[]> {
  return via
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, event.merchantId), eq(webhookEndpoints.livemode, event.livemode), eq(webhookEndpoints.disabled, false)));
}

/** Those of the endpoints subscribed to the type, as targets. */
const subscribedTargets = (endpoints: EndpointTargetRow[], type: string): Target[] =>
  endpoints.filter((r) => subscribes(r.enabledEvents, type)).map((r) => ({ url: r.url, endpointId: r.id }));

/** The enabled endpoints of the event's merchant and mode subscribed to its type. */
async function endpointTargetsFor(tx: DbOrTx, event: { merchantId: string; livemode: boolean; type: string }): Promise<Target[]> {
  return subscribedTargets(await enabledEndpoints(tx, event), event.type);
}

/**
 * The enabled endpoints of a merchant and mode, cached in each process for the hot paths (a prepay
 * records order.created without reading them in its transaction: issue 16). Every change of an
 * endpoint (create, update, delete, disabled for failing) invalidates it in every process at once
 * (lib/cache/invalidated-cache.ts), after its commit; most merchants have none, and the empty list
 * is cached too.
 */
const endpointsCache = new InvalidatedCache<EndpointTargetRow[]>("webhook-endpoints");
const endpointsKey = (merchantId: string, livemode: boolean) => `${merchantId}:${livemode ? "live" : "test"}`;

/** After a committed change of a merchant's endpoints (without arguments: of any merchant's). */
export function invalidateEndpointTargets(owner?: { merchantId: string; livemode: boolean }): Promise<void> {
  return endpointsCache.invalidate(owner ? endpointsKey(owner.merchantId, owner.livemode) : undefined);
}

/**
 * deliveryTargets without a round trip when the cache is warm: the goods' URL comes from the
 * caller (which has the goods), the endpoints from the per-process cache.
 */
export async function cachedDeliveryTargets(
  event: { merchantId: string; livemode: boolean; type: string },
  goodsUrl: string | null,
  /** Reads the endpoints on a miss; inside a transaction, the transaction (never a second pooled connection). */
  via: DbOrTx = db(),
): Promise<Target[]> {
  const endpoints = (await endpointsCache.get(endpointsKey(event.merchantId, event.livemode), () => enabledEndpoints(via, event))) ?? [];
  const own = goodsUrl && GOODS_URL[event.type as EventType] ? [{ url: goodsUrl, endpointId: null }] : [];
  return [...own, ...subscribedTargets(endpoints, event.type)];
}

/**
 * Where a new event goes, for `recordEvent` inside the change's transaction, without a read when the
 * caches are warm (issue 16: two of a paid callback's ten round trips): the goods' URL from the
 * goods cache (the goods id is in the event's order), the endpoints from theirs. A miss reads
 * through the transaction. An event without its order's goods id reads the goods' URL as before.
 */
export async function recordTargets(tx: DbOrTx, event: { merchantId: string; livemode: boolean; type: string; orderId: string | null; data: Record<string, unknown> }): Promise<Target[]> {
  const column = GOODS_URL[event.type as EventType];
  let goodsUrl: string | null = null;
  if (column && event.orderId) {
    const goodsId = (event.data.order as { goodsId?: unknown } | undefined)?.goodsId;
    const row = typeof goodsId === "string" ? await cachedGoodsRow(goodsId, tx) : null;
    goodsUrl = row && row.merchantId === event.merchantId ? row[column] : await goodsUrlFor(tx, event.type, event.orderId);
  }
  return cachedDeliveryTargets(event, goodsUrl, tx);
}

/** Every target the event must be delivered to, as configured now (a resend reads them again). */
export async function deliveryTargets(
  tx: DbOrTx,
  event: { merchantId: string; livemode: boolean; type: string; orderId: string | null },
): Promise<Target[]> {
  const [goodsUrl, endpoints] = await Promise.all([goodsUrlFor(tx, event.type, event.orderId), endpointTargetsFor(tx, event)]);
  return [...(goodsUrl ? [{ url: goodsUrl, endpointId: null }] : []), ...endpoints];
}

/**
 * What makes a delivery unique within its event: the URL for a goods' notify URL, the endpoint id for
 * an endpoint (so an endpoint whose URL changes keeps its delivery, and an endpoint at the same URL
 * as a goods' notify URL still gets a delivery of its own).
 */
export const targetHash = (t: Target) => createHash("sha256").update(t.endpointId ?? t.url).digest("hex");

/**
 * The delivery of an event to a target, created once (the (event, target) pair is unique), due now;
 * its id. Written in the event's own transaction, so the outbox row and "where it must go" commit
 * together and a delivery exists before anything could lose track of it. An existing endpoint
 * delivery follows the endpoint's current URL (a resend after the merchant moved it).
 */
export async function ensureDelivery(tx: DbOrTx, e: { eventId: string; merchantId: string; target: Target; now?: Date }): Promise<string> {
  const now = e.now ?? new Date();
  const hash = targetHash(e.target);
  const id = newId("dlv");
  const { url, endpointId } = e.target;
  const [result] = await tx
    .insert(webhookDeliveries)
    .ignore()
    .values({ id, eventId: e.eventId, merchantId: e.merchantId, url, endpointId, urlHash: hash, status: "pending", attemptCount: 0, nextAttemptAt: now, createdAt: now, updatedAt: now });
  if (result.affectedRows === 1) return id;
  const [existing] = await tx
    .select({ id: webhookDeliveries.id, url: webhookDeliveries.url })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, e.eventId), eq(webhookDeliveries.urlHash, hash)));
  if (endpointId && existing!.url !== url) await tx.update(webhookDeliveries).set({ url, updatedAt: now }).where(eq(webhookDeliveries.id, existing!.id));
  return existing!.id;
}
