import { and, desc, eq } from "drizzle-orm";
import { db } from "../db/client";
import { goods } from "../db/schema";
import { newId } from "../ids";
import { notFound } from "../api/errors";
import { afterCursor, page, type ListQuery } from "../api/pagination";
import type { CreateGoodsInput, UpdateGoodsInput } from "./schemas";

type GoodsRow = typeof goods.$inferSelect;
export type Owner = { merchantId: string; livemode: boolean };

export type GoodsView = {
  id: string;
  object: "goods";
  livemode: boolean;
  name: string;
  description: string | null;
  price: number;
  currency: string;
  notifyUrls: { orderCreated: string | null; orderPaid: string | null };
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export function goodsView(row: GoodsRow): GoodsView {
  return {
    id: row.id,
    object: "goods",
    livemode: row.livemode,
    name: row.name,
    description: row.description,
    price: row.priceFen,
    currency: row.currency,
    notifyUrls: { orderCreated: row.notifyOrderCreatedUrl, orderPaid: row.notifyOrderPaidUrl },
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function createGoods(owner: Owner, input: CreateGoodsInput): Promise<GoodsView> {
  const now = new Date();
  const row: GoodsRow = {
    id: newId("goods"),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    name: input.name,
    description: input.description ?? null,
    priceFen: input.price,
    currency: input.currency ?? "CNY",
    notifyOrderCreatedUrl: input.notifyUrls?.orderCreated ?? null,
    notifyOrderPaidUrl: input.notifyUrls?.orderPaid ?? null,
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(goods).values(row);
  return goodsView(row);
}

/**
 * The owner's goods or a 404. Another merchant's id, or the other mode's, is indistinguishable from
 * one that does not exist: existence itself is another merchant's data.
 */
export async function getGoodsOrThrow(owner: Owner, id: string): Promise<GoodsRow> {
  const [row] = await db()
    .select()
    .from(goods)
    .where(and(eq(goods.id, id), eq(goods.merchantId, owner.merchantId), eq(goods.livemode, owner.livemode)))
    .limit(1);
  if (!row) throw notFound("goods", id, "id");
  return row;
}

export async function listGoods(owner: Owner, query: ListQuery & { active?: boolean }) {
  const scope = and(eq(goods.merchantId, owner.merchantId), eq(goods.livemode, owner.livemode));
  const filters = [scope];
  if (query.active !== undefined) filters.push(eq(goods.active, query.active));
  if (query.startingAfter) {
    const cursor = await getGoodsOrThrow(owner, query.startingAfter).catch(() => {
      throw notFound("goods", query.startingAfter, "startingAfter");
    });
    filters.push(afterCursor(goods, cursor));
  }
  const rows = await db()
    .select()
    .from(goods)
    .where(and(...filters))
    .orderBy(desc(goods.createdAt), desc(goods.id))
    .limit(query.limit + 1);
  return page(rows.map(goodsView), query.limit);
}

/**
 * Partial update. A price change only affects orders created afterwards: orders copy the unit price
 * and amount when they are created and never read the goods' price again.
 */
export async function updateGoods(owner: Owner, id: string, input: UpdateGoodsInput): Promise<GoodsView> {
  const current = await getGoodsOrThrow(owner, id);
  const next: GoodsRow = {
    ...current,
    name: input.name ?? current.name,
    description: input.description !== undefined ? input.description : current.description,
    priceFen: input.price ?? current.priceFen,
    currency: input.currency ?? current.currency,
    notifyOrderCreatedUrl:
      input.notifyUrls?.orderCreated !== undefined ? input.notifyUrls.orderCreated : current.notifyOrderCreatedUrl,
    notifyOrderPaidUrl: input.notifyUrls?.orderPaid !== undefined ? input.notifyUrls.orderPaid : current.notifyOrderPaidUrl,
    active: input.active ?? current.active,
    updatedAt: new Date(),
  };
  await db()
    .update(goods)
    .set({
      name: next.name,
      description: next.description,
      priceFen: next.priceFen,
      currency: next.currency,
      notifyOrderCreatedUrl: next.notifyOrderCreatedUrl,
      notifyOrderPaidUrl: next.notifyOrderPaidUrl,
      active: next.active,
      updatedAt: next.updatedAt,
    })
    .where(and(eq(goods.id, id), eq(goods.merchantId, owner.merchantId)));
  return goodsView(next);
}
