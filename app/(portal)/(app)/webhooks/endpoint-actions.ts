"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import {
  createEndpointFromForm,
  deletePortalEndpoint,
  getPortalEndpoint,
  sendPortalTestEvent,
  setEndpointDisabled,
  updateEndpointFromForm,
} from "@/lib/portal/webhook-endpoints";
import { formValues, type FormState } from "@/lib/portal/form-errors";
import { getMessageRenderer } from "@/i18n/server";

const events = (form: FormData) => form.getAll("events").filter((v): v is string => typeof v === "string");

export async function createEndpointAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  const result = await createEndpointFromForm(ctx.owner, raw, events(form));
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: raw };
  revalidatePath("/webhooks");
  return { ok: true, message: (await getTranslations("endpoints.form"))("created") };
}

export async function updateEndpointAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireMerchant();
  const raw = formValues(form);
  const id = raw.id ?? "";
  await orNotFound(getPortalEndpoint(ctx.owner, id));
  const result = await updateEndpointFromForm(ctx.owner, id, raw, events(form));
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: raw };
  revalidatePath("/webhooks");
  return { ok: true, message: (await getTranslations("endpoints.form"))("saved"), values: raw };
}

export async function setEndpointDisabledAction(form: FormData): Promise<void> {
  const ctx = await requireMerchant();
  await orNotFound(setEndpointDisabled(ctx.owner, String(form.get("id") ?? ""), form.get("disabled") === "true"));
  revalidatePath("/webhooks");
}

export async function deleteEndpointAction(form: FormData): Promise<void> {
  const ctx = await requireMerchant();
  await orNotFound(deletePortalEndpoint(ctx.owner, String(form.get("id") ?? "")));
  revalidatePath("/webhooks");
  redirect("/webhooks");
}

export type TestEventState = { ok?: boolean; message?: string; excerpt?: string | null };

export async function sendTestEventAction(_prev: TestEventState, form: FormData): Promise<TestEventState> {
  const ctx = await requireMerchant();
  const result = await orNotFound(sendPortalTestEvent(ctx.owner, String(form.get("id") ?? "")));
  return { ok: result.ok, message: (await getMessageRenderer()).render(result.message), excerpt: result.excerpt };
}
