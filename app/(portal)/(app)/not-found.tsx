import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { ButtonLink, EmptyState } from "../_components/ui";

/** Another merchant's id, the other mode's id, or no such thing: one answer (HTTP 404), in words. */
export default async function NotFound() {
  const ctx = await requireMerchant();
  const t = await getTranslations("notFound");
  return (
    <EmptyState title={t("title")} action={<ButtonLink href="/dashboard">{t("back")}</ButtonLink>}>
      {t("body", { mode: ctx.livemode ? "live" : "test" })}
    </EmptyState>
  );
}
