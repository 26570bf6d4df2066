import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalKeys, portalRedirectDomains } from "@/lib/portal/keys";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { Badge, Card, EmptyState, Mono, PageHeader } from "../../_components/ui";
import { CopyableId, CopyButton, SubmitButton } from "../../_components/client";
import { CreateKeyForm } from "./create-key-form";
import { RedirectDomainsForm } from "./redirect-domains-form";
import { revokeKeyAction } from "./actions";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("keys");

/**
 * One card per key rather than a table: on a 390 px phone a six-column table pushed Revoke off the
 * screen. A publishable key is shown in full with a copy button (it is public by design); a secret
 * key only by its prefix, since payrelay keeps only its hash.
 */
export default async function KeysPage() {
  const ctx = await requireMerchant();
  const [keys, domains] = await Promise.all([listPortalKeys(ctx.owner), portalRedirectDomains(ctx.owner)]);
  const [t, tl, f] = await Promise.all([getTranslations("keys"), getTranslations("labels"), getPortalFormat()]);
  const mode = ctx.livemode ? "live" : "test";
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { mode })} />
      <p className="mb-6 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span>{t("merchantId")}</span>
        <CopyableId value={ctx.merchantId} name={t("copyMerchantId")} />
      </p>
      <Card title={t("createTitle", { mode })} className="mb-6">
        <CreateKeyForm livemode={ctx.livemode} />
      </Card>
      {keys.length === 0 ? (
        <EmptyState title={t("empty", { mode })}>{t("emptyBody")}</EmptyState>
      ) : (
        <ul aria-label={t("table")} className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
          {keys.map((k) => (
            <li key={k.id} data-testid="key-row" aria-label={tl(`keyKind.${k.kind}`)} className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0 flex-1 space-y-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm font-medium text-slate-800">{tl(`keyKind.${k.kind}`)}</span>
                  {k.revokedAt ? <Badge tone="red">{t("revoked", { at: f.dateTime(k.revokedAt) })}</Badge> : <Badge tone="green">{t("active")}</Badge>}
                </div>
                {k.publishableKey ? (
                  <div className="flex items-center gap-2">
                    <code className="min-w-0 flex-1 break-all rounded-lg bg-slate-100 px-3 py-2 font-mono text-xs" data-testid="publishable-key">
                      {k.publishableKey}
                    </code>
                    {k.revokedAt ? null : <CopyButton value={k.publishableKey} name={t("copyPublishable")} />}
                  </div>
                ) : (
                  <div>
                    <Mono>{k.prefix}…</Mono>
                    <p className="mt-0.5 text-xs text-slate-500">{k.kind === "secret" ? t("secretHidden") : t("publishableOld")}</p>
                  </div>
                )}
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-600">
                  <dt>{t("columns.created")}</dt>
                  <dd>{f.dateTime(k.createdAt)}</dd>
                  <dt>{t("columns.lastUsed")}</dt>
                  <dd>{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t("never")}</dd>
                  <dt>{t("keyId")}</dt>
                  <dd className="break-all font-mono">{k.id}</dd>
                </dl>
              </div>
              {k.revokedAt ? null : (
                <form action={revokeKeyAction} className="shrink-0">
                  <input type="hidden" name="id" value={k.id} />
                  <SubmitButton variant="danger" pendingLabel={t("revoking")}>
                    <span>
                      {t("revoke")}
                      <span className="sr-only"> {k.prefix}</span>
                    </span>
                  </SubmitButton>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Card title={t("redirectTitle")} description={t("redirectDescription")} className="mt-6">
        <RedirectDomainsForm domains={domains} />
      </Card>
    </>
  );
}
