import { and, asc, desc, eq } from "drizzle-orm";
import { db } from "../db/client";
import { goods } from "../db/schema";
import { createGoods, getGoodsOrThrow, goodsView, updateGoods, type GoodsView } from "../goods/goods";
import type { Owner } from "../owner";
import { createGoodsSchema, updateGoodsSchema } from "../goods/schemas";
import { isNegativeAmount, yuanToFen } from "./money";
import { msg } from "../i18n/message";
import { formatFen } from "../money";
import { fieldErrorsFromZod, type FieldErrors, type FieldSpec } from "./form-errors";

/** Schema paths → the goods form's fields and the labels a merchant sees. */
const GOODS_FIELDS: Record<string, FieldSpec> = {
  name: { field: "name", label: "goods.form.name" },
  description: { field: "description", label: "goods.form.description" },
  // The schema counts fen; the merchant typed yuan, so its bounds are said in yuan ("¥0.01").
  price: { field: "price", label: "goods.errors.price", bound: formatFen },
  "notifyUrls.orderCreated": { field: "notifyOrderCreated", label: "goods.errors.orderCreatedUrl", reasons: { invalid: "goods.errors.notifyUrl" } },
  "notifyUrls.orderPaid": { field: "notifyOrderPaid", label: "goods.errors.orderPaidUrl", reasons: { invalid: "goods.errors.notifyUrl" } },
};

type FormResult<T> = { ok: true; input: T } | { ok: false; fieldErrors: FieldErrors };

/**
 * The goods form (price in yuan, empty fields meaning "none") → the API's goods input, validated by
 * the same schema the API uses, so the portal can never store what the API would refuse.
 */
function fromForm(raw: Record<string, string>) {
  const priceText = (raw.price ?? "").trim();
  const price = yuanToFen(priceText);
  const blankToNull = (v: string | undefined) => (v && v.trim() ? v.trim() : null);
  return {
    priceError:
      priceText === ""
        ? msg("goods.errors.priceRequired")
        : isNegativeAmount(priceText)
          ? msg("goods.errors.priceNotPositive", { min: formatFen(1) })
          : price === null
            ? msg("goods.errors.priceFormat")
            : null,
    body: {
      name: raw.name ?? "",
      description: blankToNull(raw.description),
      price: price ?? 1,
      notifyUrls: { orderCreated: blankToNull(raw.notifyOrderCreated), orderPaid: blankToNull(raw.notifyOrderPaid) },
    },
  };
}

export function parseCreateGoodsForm(raw: Record<string, string>): FormResult<ReturnType<typeof createGoodsSchema.parse>> {
  const { priceError, body } = fromForm(raw);
  const parsed = createGoodsSchema.safeParse(body);
  const fieldErrors = parsed.success ? {} : fieldErrorsFromZod(parsed.error, GOODS_FIELDS);
  if (priceError) fieldErrors.price = priceError;
  if (!parsed.success || priceError) return { ok: false, fieldErrors };
  return { ok: true, input: parsed.data };
}

export function parseUpdateGoodsForm(raw: Record<string, string>): FormResult<ReturnType<typeof updateGoodsSchema.parse>> {
  const { priceError, body } = fromForm(raw);
  const parsed = updateGoodsSchema.safeParse(body);
  const fieldErrors = parsed.success ? {} : fieldErrorsFromZod(parsed.error, GOODS_FIELDS);
  if (priceError) fieldErrors.price = priceError;
  if (!parsed.success || priceError) return { ok: false, fieldErrors };
  return { ok: true, input: parsed.data };
}

export async function createGoodsFromForm(owner: Owner, raw: Record<string, string>) {
  const parsed = parseCreateGoodsForm(raw);
  if (!parsed.ok) return parsed;
  return { ok: true as const, goods: await createGoods(owner, parsed.input) };
}

export async function updateGoodsFromForm(owner: Owner, id: string, raw: Record<string, string>) {
  const parsed = parseUpdateGoodsForm(raw);
  if (!parsed.ok) return parsed;
  return { ok: true as const, goods: await updateGoods(owner, id, parsed.input) };
}

export async function setGoodsActive(owner: Owner, id: string, active: boolean): Promise<GoodsView> {
  return updateGoods(owner, id, { active });
}

/** The owner's goods (throws not_found for anyone else's or the other mode's). */
export async function getPortalGoods(owner: Owner, id: string): Promise<GoodsView> {
  return goodsView(await getGoodsOrThrow(owner, id));
}

/** All of the owner's goods, active first then newest: the portal lists are small enough for one page. */
export async function listPortalGoods(owner: Owner, opts: { activeOnly?: boolean } = {}): Promise<GoodsView[]> {
  const filters = [eq(goods.merchantId, owner.merchantId), eq(goods.livemode, owner.livemode)];
  if (opts.activeOnly) filters.push(eq(goods.active, true));
  const rows = await db()
    .select()
    .from(goods)
    .where(and(...filters))
    .orderBy(desc(goods.active), desc(goods.createdAt), asc(goods.id))
    .limit(500);
  return rows.map(goodsView);
}
