import { and, desc, eq, type SQL } from "drizzle-orm";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { notFound } from "../api/errors";
import { afterCursor, page, type ListQuery } from "../api/pagination";
import type { Owner } from "../goods/goods";
import { orderView, type OrderRow } from "./view";
import type { z } from "zod";
import type { listOrdersSchema } from "./schemas";

/** The owner's order (same merchant, same mode) or a 404 that says nothing about anyone else's. */
export async function getOrderOrThrow(owner: Owner, id: string): Promise<OrderRow> {
  const [row] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.merchantId, owner.merchantId), eq(orders.livemode, owner.livemode)))
    .limit(1);
  if (!row) throw notFound("order", id, "id");
  return row;
}

export async function getOrderById(id: string): Promise<OrderRow | null> {
  const [row] = await db().select().from(orders).where(eq(orders.id, id)).limit(1);
  return row ?? null;
}

export async function listOrders(owner: Owner, query: ListQuery & z.infer<typeof listOrdersSchema>) {
  const filters: SQL[] = [eq(orders.merchantId, owner.merchantId), eq(orders.livemode, owner.livemode)];
  if (query.status) filters.push(eq(orders.status, query.status));
  if (query.goodsId) filters.push(eq(orders.goodsId, query.goodsId));
  if (query.buyerId) filters.push(eq(orders.buyerId, query.buyerId));
  if (query.channel) filters.push(eq(orders.channel, query.channel));
  if (query.startingAfter) {
    const cursor = await getOrderOrThrow(owner, query.startingAfter).catch(() => {
      throw notFound("order", query.startingAfter, "startingAfter");
    });
    filters.push(afterCursor(orders, cursor));
  }
  const rows = await db()
    .select()
    .from(orders)
    .where(and(...filters))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.limit + 1);
  return page(rows.map(orderView), query.limit);
}
