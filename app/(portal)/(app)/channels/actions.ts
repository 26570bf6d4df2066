"use server";

import { revalidatePath } from "next/cache";
import { requireMerchant } from "@/lib/auth/session";
import { saveChannelAccountFromForm } from "@/lib/portal/channels";
import { formValues, type FormState } from "@/lib/portal/form-errors";
import { SECRET_FIELDS } from "@/lib/portal/channels";

async function save(provider: "alipay" | "wechatpay", form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  if (!ctx.livemode) return { message: "Test mode uses the sandbox accounts; switch to live to enter credentials." };
  const raw = formValues(form);
  const result = await saveChannelAccountFromForm(ctx.owner, provider, raw);
  // Secrets never travel back to the browser, not even the ones the merchant just typed.
  const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET_FIELDS[provider].includes(k)));
  if (!result.ok) return { fieldErrors: result.fieldErrors, values };
  revalidatePath("/channels");
  return { ok: true, message: "Saved. Secrets are stored encrypted and will not be shown again.", values };
}

export async function saveAlipayAction(_prev: FormState, form: FormData): Promise<FormState> {
  return save("alipay", form);
}

export async function saveWechatpayAction(_prev: FormState, form: FormData): Promise<FormState> {
  return save("wechatpay", form);
}
