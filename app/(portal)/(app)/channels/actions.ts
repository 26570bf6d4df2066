"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { saveChannelAccountFromForm } from "@/lib/portal/channels";
import { formValues, type FormState } from "@/lib/portal/form-errors";
import { SECRET_FIELDS } from "@/lib/portal/channels";
import { verifyChannelCredentials } from "@/lib/portal/verify-credentials";
import { getMessageRenderer } from "@/i18n/server";

async function save(provider: "alipay" | "wechatpay", form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const t = await getTranslations("channels");
  if (!ctx.livemode) return { message: t("testMode") };
  const raw = formValues(form);
  const result = await saveChannelAccountFromForm(ctx.owner, provider, raw);
  // Secrets never travel back to the browser, not even the ones the merchant just typed.
  const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET_FIELDS[provider].includes(k)));
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values };
  revalidatePath("/channels");
  return { ok: true, message: t("saved"), values };
}

export async function saveAlipayAction(_prev: FormState, form: FormData): Promise<FormState> {
  return save("alipay", form);
}

export async function saveWechatpayAction(_prev: FormState, form: FormData): Promise<FormState> {
  return save("wechatpay", form);
}

export type VerifyState = { ok?: boolean; message?: string };

/** "Verify credentials": a harmless signed query with the saved credentials of the current mode. */
export async function verifyCredentialsAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  const ctx = await requireMerchant();
  const provider = form.get("provider") === "wechatpay" ? "wechatpay" : "alipay";
  const result = await verifyChannelCredentials(ctx.owner, provider);
  return { ok: result.ok, message: (await getMessageRenderer()).render(result.message) };
}
