"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { createGoodsFromForm, getPortalGoods, setGoodsActive, updateGoodsFromForm } from "@/lib/portal/goods";
import { formValues, type FormState } from "@/lib/portal/form-errors";
import { getMessageRenderer } from "@/i18n/server";
import { getTranslations } from "next-intl/server";

export async function createGoodsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  const result = await createGoodsFromForm(ctx.owner, raw);
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: raw };
  revalidatePath("/goods");
  redirect(`/goods?created=${encodeURIComponent(result.goods.id)}`);
}

export async function updateGoodsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  const id = raw.id ?? "";
  await orNotFound(getPortalGoods(ctx.owner, id));
  const result = await updateGoodsFromForm(ctx.owner, id, raw);
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: raw };
  revalidatePath(`/goods/${id}`);
  return { ok: true, message: (await getTranslations("goods"))("saved"), values: raw };
}

export async function setGoodsActiveAction(form: FormData): Promise<void> {
  const ctx = await requireMerchant();
  const id = String(form.get("id") ?? "");
  await orNotFound(setGoodsActive(ctx.owner, id, form.get("active") === "true"));
  revalidatePath(`/goods/${id}`);
  revalidatePath("/goods");
}
