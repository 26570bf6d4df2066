"use server";

import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { startTestPayment } from "@/lib/portal/test-payment";
import { ApiError } from "@/lib/api/errors";
import type { FormState } from "@/lib/portal/form-errors";

export type TestPaymentState = FormState & { payUrl?: string };

/**
 * "Try a test payment": a test checkout session for the chosen goods, then its hosted checkout, the
 * page buyers see. The URL goes back to the form, which opens it with a full page load: it is not a
 * portal page the client router could render.
 */
export async function tryTestPayment(_prev: TestPaymentState, form: FormData): Promise<TestPaymentState> {
  const ctx = await requireMerchant();
  const t = await getTranslations("dashboard.testPayment.errors");
  const goodsId = String(form.get("goodsId") ?? "");
  if (!goodsId) return { fieldErrors: { goodsId: t("chooseGoods") } };
  try {
    return { payUrl: (await startTestPayment(ctx.merchantId, goodsId)).payUrl };
  } catch (error) {
    if (error instanceof ApiError && error.type === "not_found") return { fieldErrors: { goodsId: t("notFound") } };
    if (error instanceof ApiError && error.code === "goods_inactive") return { fieldErrors: { goodsId: t("retired") } };
    if (error instanceof ApiError) return { fieldErrors: { goodsId: t("failed", { code: error.code }) } };
    throw error;
  }
}
