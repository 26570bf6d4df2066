import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalGoods } from "@/lib/portal/goods";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { Badge, ButtonLink, EmptyState, Notice, PageHeader, Table, td, tdWrap } from "../../../_components/ui";
import { CopyableId } from "../../../_components/client";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("goods");

export default async function GoodsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireMerchant();
  const sp = await searchParams;
  const goods = await listPortalGoods(ctx.owner);
  const [t, f] = await Promise.all([getTranslations("goods"), getPortalFormat()]);
  const created = typeof sp.created === "string" ? goods.find((g) => g.id === sp.created) : undefined;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <ButtonLink href="/goods/new" variant="primary">
            {t("new")}
          </ButtonLink>
        }
      />
      {created ? (
        <div className="mb-4">
          <Notice tone="success">
            {t.rich("created", {
              name: created.name,
              link: (chunks) => (
                <Link className="underline" href="/dashboard">
                  {chunks}
                </Link>
              ),
            })}
          </Notice>
        </div>
      ) : null}
      {goods.length === 0 ? (
        <EmptyState
          title={t("empty", { mode: ctx.livemode ? "live" : "test" })}
          action={
            <ButtonLink href="/goods/new" variant="primary">
              {t("createFirst")}
            </ButtonLink>
          }
        >
          {t("emptyBody")}
        </EmptyState>
      ) : (
        <Table label={t("table")} head={[t("columns.name"), t("columns.price"), t("columns.notifyUrls"), t("columns.status"), t("columns.created")]}>
          {goods.map((g) => (
            <tr key={g.id} className="hover:bg-slate-50">
              <td className={td}>
                <Link href={`/goods/${g.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                  {g.name}
                </Link>
                <div className="text-slate-500">
                  <CopyableId value={g.id} name={t("copyId", { id: g.id })} />
                </div>
              </td>
              <td className={`${td} tabular-nums`}>{f.money(g.price)}</td>
              <td className={`${tdWrap} min-w-56 max-w-80 break-all text-xs text-slate-600`}>
                <div>{t("notifyCreated", { url: g.notifyUrls.orderCreated ?? "—" })}</div>
                <div>{t("notifyPaid", { url: g.notifyUrls.orderPaid ?? "—" })}</div>
              </td>
              <td className={td}>{g.active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("retired")}</Badge>}</td>
              <td className={`${td} text-slate-600`}>{f.dateTime(g.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
