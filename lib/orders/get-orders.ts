import { eq, type SQL } from "drizzle-orm";
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

type OrderFilters = Partial<Pick<OrderRow, "status" | "goodsId" | "buyerId" | "channel">>;

/** The owner's orders matching the filters given (the API's list and the portal's share them). */
export function orderFilters(owner: Owner, f: OrderFilters): (SQL | undefined)[] {
  return [
    ownedBy(orders, owner),
    f.status ? eq(orders.status, f.status) : undefined,
    f.goodsId ? eq(orders.goodsId, f.goodsId) : undefined,
    f.buyerId ? eq(orders.buyerId, f.buyerId) : undefined,
    f.channel ? eq(orders.channel, f.channel) : undefined,
  ];
}

export async function listOrders(owner: Owner, query: ListQuery & z.infer<typeof listOrdersSchema>) {
  const after = query.startingAfter ? await getOwnedOrThrow(orders, owner, query.startingAfter, "order", "startingAfter") : null;
  return keysetPage(db().select().from(orders).$dynamic(), orders, orderFilters(owner, query), { limit: query.limit, after }, orderView);
}
