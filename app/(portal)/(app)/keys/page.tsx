import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalKeys, portalRedirectDomains } from "@/lib/portal/keys";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { Badge, Card, EmptyState, Mono, PageHeader, Table, td } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import { CreateKeyForm } from "./create-key-form";
import { RedirectDomainsForm } from "./redirect-domains-form";
import { revokeKeyAction } from "./actions";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("keys");

export default async function KeysPage() {
  const ctx = await requireMerchant();
  const [keys, domains] = await Promise.all([listPortalKeys(ctx.owner), portalRedirectDomains(ctx.owner)]);
  const [t, tl, f] = await Promise.all([getTranslations("keys"), getTranslations("labels"), getPortalFormat()]);
  const mode = ctx.livemode ? "live" : "test";
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { mode })} />
      <Card title={t("createTitle", { mode })} className="mb-6">
        <CreateKeyForm livemode={ctx.livemode} />
      </Card>
      {keys.length === 0 ? (
        <EmptyState title={t("empty", { mode })}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table label={t("table")} head={[t("columns.key"), t("columns.kind"), t("columns.created"), t("columns.lastUsed"), t("columns.status"), ""]}>
          {keys.map((k) => (
            <tr key={k.id} data-testid="key-row">
              <td className={td}>
                <Mono>{k.prefix}…</Mono>
                <div className="font-mono text-xs text-slate-400">{k.id}</div>
              </td>
              <td className={td}>{tl(`keyKind.${k.kind}`)}</td>
              <td className={td}>{f.dateTime(k.createdAt)}</td>
              <td className={td}>{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t("never")}</td>
              <td className={td}>{k.revokedAt ? <Badge tone="red">{t("revoked", { at: f.dateTime(k.revokedAt) })}</Badge> : <Badge tone="green">{t("active")}</Badge>}</td>
              <td className={td}>
                {k.revokedAt ? null : (
                  <form action={revokeKeyAction}>
                    <input type="hidden" name="id" value={k.id} />
                    <SubmitButton variant="danger" pendingLabel={t("revoking")}>
                      <span>
                        {t("revoke")}
                        <span className="sr-only"> {k.prefix}</span>
                      </span>
                    </SubmitButton>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Card title={t("redirectTitle")} description={t("redirectDescription")} className="mt-6">
        <RedirectDomainsForm domains={domains} />
      </Card>
    </>
  );
}
