import Link from "next/link";
import { requireMerchant } from "@/lib/auth/session";
import { getDashboard, type DayStats } from "@/lib/portal/dashboard";
import { listPortalGoods } from "@/lib/portal/goods";
import { formatFen } from "@/lib/money";
import { formatTime } from "@/lib/portal/time";
import { ButtonLink, Card, EmptyState, Mono, PageHeader } from "../../_components/ui";
import { TestPaymentForm } from "./test-payment-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const ctx = await requireMerchant();
  const [stats, goods] = await Promise.all([getDashboard(ctx.owner), ctx.livemode ? Promise.resolve([]) : listPortalGoods(ctx.owner, { activeOnly: true })]);
  const rate = stats.successRate === null ? "—" : `${Math.round(stats.successRate * 1000) / 10}%`;
  return (
    <>
      <PageHeader title="Dashboard" description={`${ctx.merchantName} · ${ctx.livemode ? "live" : "test"} data · days in Beijing time`} />

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Orders today" value={String(stats.today.orders)} testId="stat-orders-today" />
        <Stat label="Paid today" value={formatFen(stats.today.paidFen)} testId="stat-paid-today" />
        <Stat label="Paid, last 14 days" value={formatFen(stats.totals.paidFen)} sub={`${stats.totals.paidOrders} paid of ${stats.totals.orders} orders`} />
        <Stat label="Success rate, 14 days" value={rate} sub="paid ÷ (paid + closed)" />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title="Last 14 days" description="Bars: paid amount per day. Numbers above: orders created." className="lg:col-span-2">
          <BarChart days={stats.days} />
        </Card>
        <Card title="Deliveries needing attention" description="Notifications your server never acknowledged, after every retry.">
          {stats.failedDeliveries.count === 0 ? (
            <p className="text-sm text-slate-600" data-testid="failed-deliveries">
              None. Every notification was delivered or is still being retried.
            </p>
          ) : (
            <div data-testid="failed-deliveries">
              <p className="text-sm font-medium text-red-700">{stats.failedDeliveries.count} failed</p>
              <ul className="mt-2 space-y-2 text-sm">
                {stats.failedDeliveries.recent.map((d) => (
                  <li key={d.deliveryId}>
                    {d.orderId ? (
                      <Link className="text-indigo-700 underline" href={`/orders/${d.orderId}`}>
                        {d.type}
                      </Link>
                    ) : (
                      d.type
                    )}{" "}
                    <span className="text-slate-500">{formatTime(d.updatedAt)}</span>
                    <div className="truncate text-xs text-slate-500">{d.url}</div>
                  </li>
                ))}
              </ul>
              <Link href="/webhooks?status=failed" className="mt-3 inline-block text-sm text-indigo-700 underline">
                All failed deliveries
              </Link>
            </div>
          )}
        </Card>
      </div>

      <Card title="Try a test payment" className="mt-6" description="Creates a test order for one of your goods and opens the sandbox cashier, so you can see the whole flow: order, payment, callback, notification.">
        {ctx.livemode ? (
          <p className="text-sm text-slate-600">Switch to test data to try a payment in the sandbox.</p>
        ) : goods.length === 0 ? (
          <EmptyState title="You have no goods yet" action={<ButtonLink href="/goods/new" variant="primary">Create goods</ButtonLink>}>
            A test payment is for one of your goods. Create one with a price and, if you like, a notify URL.
          </EmptyState>
        ) : (
          <TestPaymentForm goods={goods.map((g) => ({ id: g.id, label: `${g.name} · ${formatFen(g.price)}` }))} />
        )}
      </Card>
      <p className="mt-6 text-xs text-slate-500">
        Merchant id <Mono>{ctx.merchantId}</Mono>
      </p>
    </>
  );
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
      {sub ? <p className="mt-0.5 text-xs text-slate-500">{sub}</p> : null}
    </div>
  );
}

/** A server-rendered SVG bar chart: no client JavaScript, readable by screen readers through its table. */
function BarChart({ days }: { days: DayStats[] }) {
  const max = Math.max(1, ...days.map((d) => d.paidFen));
  const w = 560;
  const h = 180;
  const top = 18;
  const bottom = 24;
  const slot = w / days.length;
  const barW = Math.max(6, slot * 0.6);
  return (
    <figure>
      <svg viewBox={`0 0 ${w} ${h}`} className="h-auto w-full" role="img" aria-labelledby="chart-title">
        <title id="chart-title">Paid amount per day over the last 14 days</title>
        <line x1={0} x2={w} y1={h - bottom} y2={h - bottom} stroke="#cbd5e1" />
        {days.map((d, i) => {
          const barH = d.paidFen === 0 ? 0 : Math.max(2, ((h - top - bottom) * d.paidFen) / max);
          const x = i * slot + (slot - barW) / 2;
          return (
            <g key={d.day}>
              <rect x={x} y={h - bottom - barH} width={barW} height={barH} rx={3} className="fill-indigo-500">
                <title>{`${d.day}: ${formatFen(d.paidFen)} paid, ${d.orders} orders`}</title>
              </rect>
              {d.orders > 0 ? (
                <text x={x + barW / 2} y={h - bottom - barH - 4} textAnchor="middle" className="fill-slate-500" fontSize={10}>
                  {d.orders}
                </text>
              ) : null}
              {i % 2 === days.length % 2 || i === days.length - 1 ? (
                <text x={x + barW / 2} y={h - 8} textAnchor="middle" className="fill-slate-500" fontSize={10}>
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">
        <table>
          <thead>
            <tr>
              <th>Day</th>
              <th>Orders</th>
              <th>Paid</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.orders}</td>
                <td>{formatFen(d.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
