"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { createPaymentLinkFromForm, paymentLinkPngDataUrl, setPaymentLinkActive } from "@/lib/portal/payment-links";
import { formValues, type FormState } from "@/lib/portal/form-errors";
import { getMessageRenderer } from "@/i18n/server";

export async function createPaymentLinkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  const result = await createPaymentLinkFromForm(ctx.owner, raw);
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: raw };
  revalidatePath("/payment-links");
  return { ok: true, message: (await getTranslations("paymentLinks"))("created") };
}

export async function setPaymentLinkActiveAction(form: FormData): Promise<void> {
  const ctx = await requireMerchant();
  await orNotFound(setPaymentLinkActive(ctx.owner, String(form.get("id") ?? ""), form.get("active") === "true"));
  revalidatePath("/payment-links");
}

/** The printable PNG, drawn when the merchant asks for it. */
export async function paymentLinkPngAction(id: string): Promise<string> {
  const ctx = await requireMerchant();
  return orNotFound(paymentLinkPngDataUrl(ctx.owner, id));
}
