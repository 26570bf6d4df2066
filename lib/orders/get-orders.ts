import { eq } from "drizzle-orm";
import type { z } from "zod";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { keysetPage, type ListQuery } from "../api/pagination";
import { getOwnedOrThrow, ownedBy, type Owner } from "../owner";
import { orderView, type OrderRow } from "./view";
import type { listOrdersSchema } from "./schemas";

/** The owner's order (same merchant, same mode) or a 404 that says nothing about anyone else's. */
export function getOrderOrThrow(owner: Owner, id: string): Promise<OrderRow> {
  return getOwnedOrThrow(orders, owner, id, "order");
}

export async function getOrderById(id: string): Promise<OrderRow | null> {
  const [row] = await db().select().from(orders).where(eq(orders.id, id)).limit(1);
  return row ?? null;
}

export async function listOrders(owner: Owner, query: ListQuery & z.infer<typeof listOrdersSchema>) {
  const after = query.startingAfter ? await getOwnedOrThrow(orders, owner, query.startingAfter, "order", "startingAfter") : null;
  const filters = [
    ownedBy(orders, owner),
    query.status ? eq(orders.status, query.status) : undefined,
    query.goodsId ? eq(orders.goodsId, query.goodsId) : undefined,
    query.buyerId ? eq(orders.buyerId, query.buyerId) : undefined,
    query.channel ? eq(orders.channel, query.channel) : undefined,
  ];
  return keysetPage(db().select().from(orders).$dynamic(), orders, filters, { limit: query.limit, after }, orderView);
}
