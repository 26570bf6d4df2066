import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalOrders, parseOrderFilters } from "@/lib/portal/orders";
import { listPortalGoods } from "@/lib/portal/goods";
import { CHANNEL_IDS } from "@/lib/channels";
import { ORDER_STATUSES } from "@/lib/orders/view";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { ButtonLink, EmptyState, Field, PageHeader, Select, StatusBadge, Table, buttonStyles, td } from "../../../_components/ui";
import { ChannelName } from "../../../_components/labels";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("orders");

type SP = Record<string, string | string[] | undefined>;

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SP> }) {
  const ctx = await requireMerchant();
  const sp = await searchParams;
  // Back from the sandbox cashier (Alipay's return carries out_trade_no, which is our order id).
  if (typeof sp.out_trade_no === "string" && /^ord_[0-9A-Za-z]{1,40}$/.test(sp.out_trade_no)) redirect(`/orders/${sp.out_trade_no}`);
  // Back from a test payment's hosted checkout (its successUrl gets the paid order's id).
  if (typeof sp.orderId === "string" && /^ord_[0-9A-Za-z]{1,40}$/.test(sp.orderId)) redirect(`/orders/${sp.orderId}`);
  const filters = parseOrderFilters(sp);
  const [page, goods] = await Promise.all([listPortalOrders(ctx.owner, filters), listPortalGoods(ctx.owner)]);
  const [t, tc, tl, f] = await Promise.all([getTranslations("orders"), getTranslations("common"), getTranslations("labels"), getPortalFormat()]);
  const mode = ctx.livemode ? "live" : "test";
  const filtered = Boolean(filters.status || filters.channel || filters.goodsId || filters.buyerId || filters.from || filters.to);
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, startingAfter: undefined, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/orders?${s}` : "/orders";
  };
  const last = page.data[page.data.length - 1];
  const any = { value: "", label: tc("any") };
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { mode })} />
      <form method="get" action="/orders" className="mb-6 grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-7 lg:items-end" aria-label={t("filter")}>
        <Select label={t("status")} name="status" defaultValue={filters.status ?? ""} options={[any, ...ORDER_STATUSES.map((s) => ({ value: s, label: tl(`orderStatus.${s}`) }))]} />
        <Select label={t("channel")} name="channel" defaultValue={filters.channel ?? ""} options={[any, ...CHANNEL_IDS.map((c) => ({ value: c, label: tl(`channel.${c}`) }))]} />
        <Select label={t("goods")} name="goodsId" defaultValue={filters.goodsId ?? ""} options={[any, ...goods.map((g) => ({ value: g.id, label: g.name }))]} />
        <Field label={t("buyerId")} name="buyerId" defaultValue={filters.buyerId ?? ""} placeholder="15705420001" />
        <Field label={t("from")} name="from" type="date" defaultValue={filters.from ?? ""} />
        <Field label={t("to")} name="to" type="date" defaultValue={filters.to ?? ""} />
        <div className="col-span-2 flex gap-2 sm:col-span-3 lg:col-span-1">
          <button type="submit" className={`${buttonStyles.primary} flex-1`}>
            {t("submit")}
          </button>
          {filtered ? (
            <Link href="/orders" className={buttonStyles.ghost}>
              {t("clear")}
            </Link>
          ) : null}
        </div>
      </form>

      {page.data.length === 0 ? (
        filtered || filters.startingAfter ? (
          <EmptyState title={t("noMatch")} action={<ButtonLink href="/orders">{t("clearFilters")}</ButtonLink>} />
        ) : (
          <EmptyState
            title={t("empty", { mode })}
            action={
              ctx.livemode ? undefined : (
                <ButtonLink href="/dashboard" variant="primary">
                  {t("tryTestPayment")}
                </ButtonLink>
              )
            }
          >
            {t("emptyBody")}
          </EmptyState>
        )
      ) : (
        <>
          <Table
            label={t("table")}
            head={[t("columns.order"), t("columns.status"), t("columns.amount"), t("columns.goods"), t("columns.channel"), t("columns.buyer"), t("columns.created")]}
          >
            {page.data.map((o) => (
              <tr key={o.id} className="hover:bg-slate-50" data-testid="order-row">
                <td className={td}>
                  <Link href={`/orders/${o.id}`} className="font-mono text-xs text-indigo-700 underline-offset-2 hover:underline">
                    {o.id}
                  </Link>
                  {o.checkoutSessionId ? <span className="block font-mono text-[11px] text-slate-500">{t("session", { id: o.checkoutSessionId })}</span> : null}
                </td>
                <td className={td}>
                  <StatusBadge status={o.status} kind="order" />
                  {o.paidAfterClose ? <span className="ml-1 text-xs text-amber-700">{t("afterClose")}</span> : null}
                  {o.duplicatePayment ? <span className="ml-1 text-xs text-red-700">{t("paidTwice")}</span> : null}
                  {o.superseded ? (
                    <span className="block text-xs text-slate-500" data-testid="superseded">
                      {t("superseded")}
                    </span>
                  ) : null}
                </td>
                <td className={`${td} tabular-nums`}>
                  {f.money(o.amount)}
                  {o.amountRefunded > 0 ? <span className="block text-xs text-slate-500">{t("refunded", { amount: f.money(o.amountRefunded) })}</span> : null}
                </td>
                <td className={td}>
                  {o.goodsName ?? "—"}
                  {o.quantity > 1 ? <span className="text-slate-500"> × {o.quantity}</span> : null}
                </td>
                <td className={td}>
                  <ChannelName channel={o.channel} />
                </td>
                <td className={`${td} font-mono text-xs`}>{o.buyerId}</td>
                <td className={`${td} text-slate-600`}>{f.dateTime(o.createdAt)}</td>
              </tr>
            ))}
          </Table>
          <nav className="mt-4 flex items-center justify-between text-sm" aria-label={tc("pages")}>
            {filters.startingAfter ? (
              <Link href={query({})} className={buttonStyles.secondary}>
                {tc("firstPage")}
              </Link>
            ) : (
              <span />
            )}
            {page.hasMore && last ? (
              <Link href={query({ startingAfter: last.id })} className={buttonStyles.secondary}>
                {t("older")}
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
