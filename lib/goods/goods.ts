import { and, eq } from "drizzle-orm";
import { db, type DbOrTx } from "../db/client";
import { goods } from "../db/schema";
import { newId } from "../ids";
import { InvalidatedCache } from "../cache/invalidated-cache";
import { keysetPage, type ListQuery } from "../api/pagination";
import { getOwnedOrThrow, ownedBy, type Owner } from "../owner";
import type { CreateGoodsInput, UpdateGoodsInput } from "./schemas";

type GoodsRow = typeof goods.$inferSelect;

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

/** The owner's goods or a 404 (another merchant's id, or the other mode's, is one that does not exist). */
export function getGoodsOrThrow(owner: Owner, id: string): Promise<GoodsRow> {
  return getOwnedOrThrow(goods, owner, id, "goods");
}

/** Goods rows for prepays, cached per process and dropped everywhere on a change (lib/cache). */
const goodsCache = new InvalidatedCache<GoodsRow>("goods");

/**
 * The goods row by id from the per-process cache, whoever owns it (the caller checks). `via` reads
 * it on a miss: inside a transaction pass the transaction, so a miss never waits for a second
 * pooled connection while this one is held.
 */
export async function cachedGoodsRow(id: string, via: DbOrTx = db()): Promise<GoodsRow | null> {
  return goodsCache.get(id, async () => (await via.select().from(goods).where(eq(goods.id, id)).limit(1))[0] ?? null);
}

/**
 * getGoodsOrThrow for the hot path (creating orders): the cached row when it is the owner's, else
 * the uncached lookup with its usual errors. Never for a read-modify-write (updateGoods reads the row itself).
 */
export async function getGoodsForOrder(owner: Owner, id: string): Promise<GoodsRow> {
  const row = await cachedGoodsRow(id);
  if (row && row.merchantId === owner.merchantId && row.livemode === owner.livemode) return row;
  return getGoodsOrThrow(owner, id);
}

export async function listGoods(owner: Owner, query: ListQuery & { active?: boolean }) {
  const after = query.startingAfter ? await getOwnedOrThrow(goods, owner, query.startingAfter, "goods", "startingAfter") : null;
  return keysetPage(
    db().select().from(goods).$dynamic(),
    goods,
    [ownedBy(goods, owner), query.active !== undefined ? eq(goods.active, query.active) : undefined],
    { limit: query.limit, after },
    goodsView,
  );
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
    .where(and(eq(goods.id, id), ownedBy(goods, owner)));
  await goodsCache.invalidate(id);
  return goodsView(next);
}
