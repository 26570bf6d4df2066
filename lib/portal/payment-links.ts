import { and, eq, inArray } from "drizzle-orm";
import { db } from "../db/client";
import { goods } from "../db/schema";
import type { Owner } from "../owner";
import { ApiError } from "../api/errors";
import { msg } from "../i18n/message";
import { formatFen } from "../money";
import { createPaymentLink, getPaymentLinkOrThrow, listPaymentLinks, paymentLinkQr, paymentLinkView, updatePaymentLink, type PaymentLinkView } from "../payment-links/links";
import { createPaymentLinkSchema } from "../payment-links/schemas";
import { fieldErrorsFromZod, type FieldErrors, type FieldSpec } from "./form-errors";

/** How many links the page lists (newest first); older ones stay reachable through the API. */
export const PORTAL_LINKS_SHOWN = 50;

export type PortalPaymentLink = PaymentLinkView & {
  goodsName: string;
  /** The goods' current price × quantity, in fen: what a visit made now would charge. */
  amountLabel: string;
  /** The QR code, drawn on the server: shown on the page and offered as an SVG download (the PNG is drawn on request). */
  qr: { svg: string; svgHref: string };
};

/**
 * The owner's links with their goods' names and their QR codes as SVG (about 3 ms each). The
 * printable PNG costs about 120 ms to draw at 1024 pixels, so it is drawn only when asked for
 * (paymentLinkPngDataUrl), not for every link on every page view.
 */
export async function listPortalPaymentLinks(owner: Owner): Promise<PortalPaymentLink[]> {
  const { data } = await listPaymentLinks(owner, { limit: PORTAL_LINKS_SHOWN });
  if (data.length === 0) return [];
  const names = await db()
    .select({ id: goods.id, name: goods.name, priceFen: goods.priceFen })
    .from(goods)
    .where(and(eq(goods.merchantId, owner.merchantId), inArray(goods.id, [...new Set(data.map((l) => l.goodsId))])));
  return Promise.all(
    data.map(async (link) => {
      const item = names.find((g) => g.id === link.goodsId);
      const svgText = String((await paymentLinkQr(link.id, "svg")).body);
      return {
        ...link,
        goodsName: item?.name ?? link.goodsId,
        amountLabel: item ? formatFen(item.priceFen * link.quantity) : "",
        qr: {
          svg: svgText,
          svgHref: `data:image/svg+xml;base64,${Buffer.from(svgText).toString("base64")}`,
        },
      };
    }),
  );
}

const FIELDS: Record<string, FieldSpec> = {
  goodsId: { field: "goodsId", label: "paymentLinks.form.goods" },
  quantity: { field: "quantity", label: "paymentLinks.form.quantity" },
  successUrl: { field: "successUrl", label: "paymentLinks.form.successUrl", reasons: { invalid: "paymentLinks.errors.successUrl" } },
};

/** The form (quantity typed as text, an empty successUrl meaning none) → the API's body, checked by the API's own schema. */
export async function createPaymentLinkFromForm(owner: Owner, raw: Record<string, string>): Promise<{ ok: true; link: PaymentLinkView } | { ok: false; fieldErrors: FieldErrors }> {
  const quantityText = (raw.quantity ?? "").trim();
  const successUrl = (raw.successUrl ?? "").trim();
  const body = {
    goodsId: raw.goodsId ?? "",
    quantity: quantityText === "" ? 1 : /^\d{1,6}$/.test(quantityText) ? Number(quantityText) : Number.NaN,
    ...(successUrl ? { successUrl } : {}),
  };
  const parsed = createPaymentLinkSchema.safeParse(body);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, FIELDS) };
  try {
    return { ok: true, link: await createPaymentLink(owner, parsed.data) };
  } catch (error) {
    // A goods retired or gone since the page was drawn.
    if (error instanceof ApiError && (error.code === "goods_inactive" || error.type === "not_found")) return { ok: false, fieldErrors: { goodsId: msg("paymentLinks.errors.goods") } };
    throw error;
  }
}

export async function setPaymentLinkActive(owner: Owner, id: string, active: boolean): Promise<PaymentLinkView> {
  return updatePaymentLink(owner, id, { active });
}

export async function getPortalPaymentLink(owner: Owner, id: string): Promise<PaymentLinkView> {
  return paymentLinkView(await getPaymentLinkOrThrow(owner, id));
}

/** The owner's link's QR code as a 1024-pixel PNG, as a data: URL for the browser to save (throws not_found for anyone else's). */
export async function paymentLinkPngDataUrl(owner: Owner, id: string): Promise<string> {
  const link = await getPaymentLinkOrThrow(owner, id);
  const png = await paymentLinkQr(link.id, "png");
  return `data:image/png;base64,${(png.body as Buffer).toString("base64")}`;
}
