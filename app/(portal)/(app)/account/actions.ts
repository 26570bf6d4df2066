"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { changeEmail, changePassword, renameCompany, type AccountResult } from "@/lib/portal/account";
import { formValues, type FormState } from "@/lib/portal/form-errors";
import { getMessageRenderer } from "@/i18n/server";

async function answer(result: AccountResult, saved: "nameSaved" | "emailSaved" | "passwordSaved", values: Record<string, string>): Promise<FormState> {
  // Passwords are never sent back into the form.
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: kept };
  revalidatePath("/", "layout");
  return { ok: true, message: (await getTranslations("account"))(saved), values: kept };
}

export async function renameCompanyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  return answer(await renameCompany(ctx.merchantId, raw), "nameSaved", raw);
}

export async function changeEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  return answer(await changeEmail(ctx.merchantId, ctx.userId, raw), "emailSaved", raw);
}

export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  return answer(await changePassword(ctx.merchantId, ctx.userId, raw), "passwordSaved", raw);
}
