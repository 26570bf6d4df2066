import Link from "next/link";
import { redirect } from "next/navigation";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalOrders, parseOrderFilters } from "@/lib/portal/orders";
import { listPortalGoods } from "@/lib/portal/goods";
import { formatFen } from "@/lib/money";
import { formatTime } from "@/lib/portal/time";
import { CHANNEL_IDS } from "@/lib/channels";
import { ORDER_STATUSES } from "@/lib/orders/view";
import { ButtonLink, EmptyState, Field, PageHeader, Select, StatusBadge, Table, buttonStyles, td } from "../../../_components/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "Orders" };

type SP = Record<string, string | string[] | undefined>;

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SP> }) {
  const ctx = await requireMerchant();
  const sp = await searchParams;
  // Back from the sandbox cashier (Alipay's return carries out_trade_no, which is our order id).
  if (typeof sp.out_trade_no === "string" && /^ord_[0-9A-Za-z]{1,40}$/.test(sp.out_trade_no)) redirect(`/orders/${sp.out_trade_no}`);
  const filters = parseOrderFilters(sp);
  const [page, goods] = await Promise.all([listPortalOrders(ctx.owner, filters), listPortalGoods(ctx.owner)]);
  const filtered = Boolean(filters.status || filters.channel || filters.goodsId || filters.buyerId || filters.from || filters.to);
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, startingAfter: undefined, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/orders?${s}` : "/orders";
  };
  const last = page.data[page.data.length - 1];
  return (
    <>
      <PageHeader title="Orders" description={`${ctx.livemode ? "Live" : "Test"} orders, newest first. Times are Beijing time.`} />
      <form method="get" action="/orders" className="mb-6 grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-7 lg:items-end" aria-label="Filter orders">
        <Select label="Status" name="status" defaultValue={filters.status ?? ""} options={[{ value: "", label: "Any" }, ...ORDER_STATUSES.map((s) => ({ value: s, label: s }))]} />
        <Select label="Channel" name="channel" defaultValue={filters.channel ?? ""} options={[{ value: "", label: "Any" }, ...CHANNEL_IDS.map((c) => ({ value: c, label: c }))]} />
        <Select label="Goods" name="goodsId" defaultValue={filters.goodsId ?? ""} options={[{ value: "", label: "Any" }, ...goods.map((g) => ({ value: g.id, label: g.name }))]} />
        <Field label="Buyer id" name="buyerId" defaultValue={filters.buyerId ?? ""} placeholder="15705420001" />
        <Field label="From" name="from" type="date" defaultValue={filters.from ?? ""} />
        <Field label="To" name="to" type="date" defaultValue={filters.to ?? ""} />
        <div className="col-span-2 flex gap-2 sm:col-span-3 lg:col-span-1">
          <button type="submit" className={`${buttonStyles.primary} flex-1`}>
            Filter
          </button>
          {filtered ? (
            <Link href="/orders" className={buttonStyles.ghost}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {page.data.length === 0 ? (
        filtered || filters.startingAfter ? (
          <EmptyState title="No orders match these filters" action={<ButtonLink href="/orders">Clear filters</ButtonLink>} />
        ) : (
          <EmptyState title={`No ${ctx.livemode ? "live" : "test"} orders yet`} action={ctx.livemode ? undefined : <ButtonLink href="/dashboard" variant="primary">Try a test payment</ButtonLink>}>
            Orders appear here when your frontend or server creates them with the API, or when you try a test payment.
          </EmptyState>
        )
      ) : (
        <>
          <Table label="Orders" head={["Order", "Status", "Amount", "Goods", "Channel", "Buyer", "Created"]}>
            {page.data.map((o) => (
              <tr key={o.id} className="hover:bg-slate-50" data-testid="order-row">
                <td className={td}>
                  <Link href={`/orders/${o.id}`} className="font-mono text-xs text-indigo-700 underline-offset-2 hover:underline">
                    {o.id}
                  </Link>
                </td>
                <td className={td}>
                  <StatusBadge status={o.status} />
                  {o.paidAfterClose ? <span className="ml-1 text-xs text-amber-700">after close</span> : null}
                </td>
                <td className={`${td} tabular-nums`}>{formatFen(o.amount)}</td>
                <td className={td}>
                  {o.goodsName ?? "—"}
                  {o.quantity > 1 ? <span className="text-slate-500"> × {o.quantity}</span> : null}
                </td>
                <td className={td}>{o.channel}</td>
                <td className={`${td} font-mono text-xs`}>{o.buyerId}</td>
                <td className={`${td} text-slate-600`}>{formatTime(o.createdAt)}</td>
              </tr>
            ))}
          </Table>
          <nav className="mt-4 flex items-center justify-between text-sm" aria-label="Pages">
            {filters.startingAfter ? (
              <Link href={query({})} className={buttonStyles.secondary}>
                ← First page
              </Link>
            ) : (
              <span />
            )}
            {page.hasMore && last ? (
              <Link href={query({ startingAfter: last.id })} className={buttonStyles.secondary}>
                Older orders →
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
