import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { BULK_RESEND_WINDOWS, listPortalDeliveries, type DeliveryStatus } from "@/lib/portal/webhooks";
import { getMessageRenderer, getPortalFormat, pageTitle } from "@/i18n/server";
import { explainDeliveryError } from "@/lib/portal/delivery-errors";
import { Card, EmptyState, Mono, PageHeader, StatusBadge, Table, buttonStyles, td, tdWrap } from "../../_components/ui";
import { ResendButton } from "../../_components/resend-button";
import { BulkResendForm } from "../../_components/bulk-resend-form";
import { SecretPanel } from "./secret-panel";
import { EndpointsCard } from "./endpoints-card";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("webhooks");

const STATUSES: DeliveryStatus[] = ["pending", "succeeded", "failed", "stopped"];

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireMerchant();
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status);
  const startingAfter = typeof sp.startingAfter === "string" ? sp.startingAfter : undefined;
  const page = await listPortalDeliveries(ctx.owner, { status, startingAfter });
  const [t, tc, tl, f, m] = await Promise.all([getTranslations("webhooks"), getTranslations("common"), getTranslations("labels"), getPortalFormat(), getMessageRenderer()]);
  const say = (part: NonNullable<ReturnType<typeof explainDeliveryError>>) => (typeof part === "string" ? part : m.render(part));
  const mode = ctx.livemode ? "live" : "test";
  const last = page.data[page.data.length - 1];
  const href = (q: Record<string, string | undefined>) => {
    const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
    return p.size ? `/webhooks?${p}` : "/webhooks";
  };
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card title={t("secretTitle")} className="mb-6" description={t("secretDescription", { mode })}>
        <SecretPanel />
      </Card>

      <EndpointsCard owner={ctx.owner} />
      <Card title={t("bulk.title")} className="mb-6" description={t("bulk.description")}>
        <BulkResendForm windows={BULK_RESEND_WINDOWS} />
      </Card>

      <div className="mb-3 flex flex-wrap items-center gap-2" role="group" aria-label={t("filterLabel")}>
        {[undefined, ...STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            href={href({ status: s })}
            aria-current={s === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ${s === status ? "bg-indigo-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"}`}
          >
            {s ? tl(`deliveryStatus.${s}`) : t("all")}
          </Link>
        ))}
      </div>
      {page.data.length === 0 ? (
        <EmptyState title={status ? t("emptyStatus", { status: tl(`deliveryStatus.${status}`) }) : t("empty", { mode })}>{t("emptyBody")}</EmptyState>
      ) : (
        <>
          <Table label={t("table")} head={[t("columns.event"), t("columns.status"), t("columns.url"), t("columns.attempts"), t("columns.lastAnswer"), ""]}>
            {page.data.map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td className={td}>
                  <div className="font-medium">{d.eventType}</div>
                  {d.orderId ? (
                    <Link href={`/orders/${d.orderId}`} className="font-mono text-xs text-indigo-700 underline">
                      {d.orderId}
                    </Link>
                  ) : null}
                  <div className="text-xs text-slate-500">{f.dateTime(d.createdAt)}</div>
                </td>
                <td className={td}>
                  <StatusBadge status={d.status} kind="delivery" />
                  {d.status === "pending" && d.nextAttemptAt ? <div className="mt-1 text-xs text-slate-500">{t("next", { at: f.dateTime(d.nextAttemptAt) })}</div> : null}
                </td>
                <td className={`${tdWrap} min-w-48 max-w-64`}>
                  <Mono>{d.url}</Mono>
                </td>
                <td className={`${td} tabular-nums`}>{d.attemptCount}</td>
                <td className={`${tdWrap} min-w-48 max-w-72 text-xs`}>
                  {d.lastAttempt ? (
                    <>
                      <span className={d.lastAttempt.statusCode && d.lastAttempt.statusCode >= 200 && d.lastAttempt.statusCode < 300 ? "text-emerald-700" : "text-red-700"}>
                        {d.lastAttempt.statusCode !== null ? tc("http", { status: d.lastAttempt.statusCode }) : d.lastAttempt.error ? <span title={d.lastAttempt.error}>{say(explainDeliveryError(d.lastAttempt.error) ?? d.lastAttempt.error)}</span> : tc("noAnswer")}
                      </span>{" "}
                      <span className="text-slate-500">{f.dateTime(d.lastAttempt.at)}</span>
                      {d.lastAttempt.responseExcerpt ? <div className="mt-1 line-clamp-2 font-mono text-slate-600">{d.lastAttempt.responseExcerpt}</div> : null}
                    </>
                  ) : (
                    <span className="text-slate-500">{t("notAttempted")}</span>
                  )}
                </td>
                <td className={td}>
                  <ResendButton eventId={d.eventId} orderId={d.orderId} />
                </td>
              </tr>
            ))}
          </Table>
          <nav className="mt-4 flex justify-between" aria-label={tc("pages")}>
            {startingAfter ? (
              <Link className={buttonStyles.secondary} href={href({ status })}>
                {tc("firstPage")}
              </Link>
            ) : (
              <span />
            )}
            {page.hasMore && last ? (
              <Link className={buttonStyles.secondary} href={href({ status, startingAfter: last.id })}>
                {t("older")}
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
