import { and, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { db } from "../db/client";
import { goods, paymentLinks } from "../db/schema";
import { config } from "../config";
import { newId, isId } from "../ids";
import { invalid } from "../api/errors";
import { keysetPage, type ListQuery } from "../api/pagination";
import { getOwnedOrThrow, ownedBy, type Owner } from "../owner";
import type { CreatePaymentLinkInput, UpdatePaymentLinkInput } from "./schemas";

export type PaymentLinkRow = typeof paymentLinks.$inferSelect;

export type PaymentLinkView = {
  id: string;
  object: "payment_link";
  livemode: boolean;
  url: string;
  goodsId: string;
  quantity: number;
  successUrl: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

/** `/l/{id}` on PUBLIC_BASE_URL: the one place a payment link's URL is spelt. */
export function paymentLinkUrl(id: string): string {
  return `${config().PUBLIC_BASE_URL}/l/${id}`;
}

export function paymentLinkView(row: PaymentLinkRow): PaymentLinkView {
  return {
    id: row.id,
    object: "payment_link",
    livemode: row.livemode,
    url: paymentLinkUrl(row.id),
    goodsId: row.goodsId,
    quantity: row.quantity,
    successUrl: row.successUrl,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function getPaymentLinkOrThrow(owner: Owner, id: string): Promise<PaymentLinkRow> {
  return getOwnedOrThrow(paymentLinks, owner, id, "payment link");
}

/** A link sells a goods of the same merchant and mode that is still for sale. */
async function checkGoods(owner: Owner, goodsId: string): Promise<void> {
  const row = await getOwnedOrThrow(goods, owner, goodsId, "goods", "goodsId");
  if (!row.active) throw invalid("goods_inactive", `Goods ${row.id} is retired (active: false) and cannot be sold.`, "goodsId");
}

export async function createPaymentLink(owner: Owner, input: CreatePaymentLinkInput): Promise<PaymentLinkView> {
  await checkGoods(owner, input.goodsId);
  const now = new Date();
  const row: PaymentLinkRow = {
    id: newId("plink"),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    goodsId: input.goodsId,
    quantity: input.quantity,
    successUrl: input.successUrl ?? null,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(paymentLinks).values(row);
  return paymentLinkView(row);
}

export async function listPaymentLinks(owner: Owner, query: ListQuery) {
  const after = query.startingAfter ? await getOwnedOrThrow(paymentLinks, owner, query.startingAfter, "payment link", "startingAfter") : null;
  return keysetPage(db().select().from(paymentLinks).$dynamic(), paymentLinks, [ownedBy(paymentLinks, owner)], { limit: query.limit, after }, paymentLinkView);
}

export async function updatePaymentLink(owner: Owner, id: string, input: UpdatePaymentLinkInput): Promise<PaymentLinkView> {
  const current = await getPaymentLinkOrThrow(owner, id);
  const row: PaymentLinkRow = {
    ...current,
    active: input.active ?? current.active,
    quantity: input.quantity ?? current.quantity,
    successUrl: input.successUrl !== undefined ? input.successUrl : current.successUrl,
    updatedAt: new Date(),
  };
  await db()
    .update(paymentLinks)
    .set({ active: row.active, quantity: row.quantity, successUrl: row.successUrl, updatedAt: row.updatedAt })
    .where(and(eq(paymentLinks.id, id), ownedBy(paymentLinks, owner)));
  return paymentLinkView(row);
}

/** For the buyer's visit: the link by its id alone (the id is the capability, as a checkout session's is). */
export async function findPaymentLink(id: string): Promise<PaymentLinkRow | null> {
  if (!isId("plink", id)) return null;
  const [row] = await db().select().from(paymentLinks).where(eq(paymentLinks.id, id)).limit(1);
  return row ?? null;
}

export type QrFormat = "svg" | "png";

/**
 * The link's QR code, drawn here (no image service ever sees the link): SVG, which prints at any
 * size, or a 1024-pixel PNG. Error correction Q, so a printed code survives a smudge or a fold.
 */
export async function paymentLinkQr(id: string, format: QrFormat): Promise<{ contentType: string; body: Buffer | string }> {
  const options = { errorCorrectionLevel: "Q" as const, margin: 4 };
  if (format === "svg") return { contentType: "image/svg+xml", body: await QRCode.toString(paymentLinkUrl(id), { ...options, type: "svg" }) };
  return { contentType: "image/png", body: await QRCode.toBuffer(paymentLinkUrl(id), { ...options, type: "png", width: 1024 }) };
}
