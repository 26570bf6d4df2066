"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { createPortalKey, revokePortalKey, savePortalRedirectDomains } from "@/lib/portal/keys";

export type CreateKeyState = { created?: { key: string; kind: "secret" | "publishable"; livemode: boolean }; error?: string };

export async function createKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const ctx = await requireMerchant();
  const kind = form.get("kind");
  if (kind !== "secret" && kind !== "publishable") return { error: (await getTranslations("keys"))("chooseKind") };
  const created = await createPortalKey(ctx.owner, kind);
  revalidatePath("/keys");
  return { created: { key: created.key, kind, livemode: created.livemode } };
}

export async function revokeKeyAction(form: FormData): Promise<void> {
  const ctx = await requireMerchant();
  await revokePortalKey(ctx.owner, String(form.get("id") ?? ""));
  revalidatePath("/keys");
}

export type RedirectDomainsState = { saved?: boolean; error?: string; text?: string };

export async function saveRedirectDomainsAction(_prev: RedirectDomainsState, form: FormData): Promise<RedirectDomainsState> {
  const ctx = await requireMerchant();
  const text = String(form.get("domains") ?? "");
  const result = await savePortalRedirectDomains(ctx.owner, text);
  if (!result.ok) {
    const t = await getTranslations("keys");
    return { text, error: result.reason === "too_many" ? t("redirectTooMany", { max: result.max }) : t("redirectInvalid", { entry: result.entry }) };
  }
  revalidatePath("/keys");
  return { saved: true, text: result.domains.join("\n") };
}
