import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { getDashboard, type DayStats } from "@/lib/portal/dashboard";
import { listPortalGoods } from "@/lib/portal/goods";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { usePortalFormat } from "@/i18n/hooks";
import { ButtonLink, Card, EmptyState, PageHeader } from "../../_components/ui";
import { TestPaymentForm } from "./test-payment-form";
import { testPaymentApiCall } from "@/lib/portal/test-payment";
import { goLiveChecklist, type GoLiveChecklist } from "@/lib/portal/go-live";
import { CopyableId } from "../../_components/client";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("dashboard");

export default async function DashboardPage() {
  const ctx = await requireMerchant();
  const [stats, goods, apiCall, checklist] = await Promise.all([
    getDashboard(ctx.owner),
    ctx.livemode ? Promise.resolve([]) : listPortalGoods(ctx.owner, { activeOnly: true }),
    testPaymentApiCall(ctx.merchantId),
    ctx.livemode ? goLiveChecklist(ctx.merchantId) : Promise.resolve(null),
  ]);
  const [t, f] = await Promise.all([getTranslations("dashboard"), getPortalFormat()]);
  const rate = stats.successRate === null ? "—" : f.percent(stats.successRate);
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { merchant: ctx.merchantName, mode: ctx.livemode ? "live" : "test" })} />
      {checklist ? <GoLiveCard checklist={checklist} /> : null}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label={t("ordersToday")} value={String(stats.today.orders)} testId="stat-orders-today" />
        <Stat label={t("paidToday")} value={f.money(stats.today.paidFen)} sub={t("paidTodayNet")} testId="stat-paid-today" />
        <Stat label={t("paid14")} value={f.money(stats.totals.paidFen)} sub={t("paid14Sub", { paid: stats.totals.paidOrders, orders: stats.totals.orders })} />
        <Stat label={t("successRate")} value={rate} sub={t("successRateSub", { superseded: stats.totals.supersededOrders })} />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t("chartTitle")} description={t("chartDescription")} className="lg:col-span-2">
          <BarChart days={stats.days} />
        </Card>
        <Card title={t("failedTitle")} description={t("failedDescription")}>
          {stats.failedDeliveries.count === 0 ? (
            <p className="text-sm text-slate-600" data-testid="failed-deliveries">
              {t("failedNone")}
            </p>
          ) : (
            <div data-testid="failed-deliveries">
              <p className="text-sm font-medium text-red-700">{t("failedCount", { count: stats.failedDeliveries.count })}</p>
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
                    <span className="text-slate-500">{f.dateTime(d.updatedAt)}</span>
                    <div className="truncate text-xs text-slate-500">{d.url}</div>
                  </li>
                ))}
              </ul>
              <Link href="/webhooks?status=failed" className="mt-3 inline-block text-sm text-indigo-700 underline">
                {t("allFailed")}
              </Link>
            </div>
          )}
        </Card>
      </div>

      <Card title={t("testPayment.title")} className="mt-6" description={t("testPayment.description")}>
        {ctx.livemode ? (
          <p className="text-sm text-slate-600">{t("testPayment.liveMode")}</p>
        ) : goods.length === 0 ? (
          <EmptyState
            title={t("testPayment.noGoods")}
            action={
              <ButtonLink href="/goods/new" variant="primary">
                {t("testPayment.createGoods")}
              </ButtonLink>
            }
          >
            {t("testPayment.noGoodsBody")}
          </EmptyState>
        ) : (
          <TestPaymentForm goods={goods.map((g) => ({ id: g.id, label: t("testPayment.option", { name: g.name, price: f.money(g.price) }) }))} api={apiCall} />
        )}
      </Card>
      <p className="mt-6 text-xs text-slate-500">
        {t("merchantId")} <CopyableId value={ctx.merchantId} name={t("copyMerchantId")} />
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
  const t = useTranslations("dashboard");
  const f = usePortalFormat();
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
        <title id="chart-title">{t("chartLabel")}</title>
        <line x1={0} x2={w} y1={h - bottom} y2={h - bottom} stroke="#cbd5e1" />
        {days.map((d, i) => {
          const barH = d.paidFen === 0 ? 0 : Math.max(2, ((h - top - bottom) * d.paidFen) / max);
          const x = i * slot + (slot - barW) / 2;
          return (
            <g key={d.day}>
              <rect x={x} y={h - bottom - barH} width={barW} height={barH} rx={3} className="fill-indigo-500">
                <title>{t("chartBar", { day: f.day(d.day), amount: f.money(d.paidFen), orders: d.orders })}</title>
              </rect>
              {d.orders > 0 ? (
                <text x={x + barW / 2} y={h - bottom - barH - 4} textAnchor="middle" className="fill-slate-500" fontSize={10}>
                  {d.orders}
                </text>
              ) : null}
              {/* Every other day, counted back from today, so today always has its label. */}
              {(days.length - 1 - i) % 2 === 0 ? (
                <text x={x + barW / 2} y={h - 8} textAnchor="middle" className="fill-slate-500" fontSize={10}>
                  {f.shortDay(d.day)}
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
              <th>{t("day")}</th>
              <th>{t("orders")}</th>
              <th>{t("paid")}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{f.day(d.day)}</td>
                <td>{d.orders}</td>
                <td>{f.money(d.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

/** Before taking real money: each step ticked from the live data, with a link to where it is done. */
function GoLiveCard({ checklist }: { checklist: GoLiveChecklist }) {
  const t = useTranslations("dashboard.goLive");
  const left = checklist.items.filter((i) => !i.done).length;
  return (
    <Card title={t("title")} description={t("description", { left })} className="mb-6">
      <ul aria-label={t("title")} className="space-y-2">
        {checklist.items.map((item) => (
          <li key={item.id} data-testid={`go-live-${item.id}`} data-done={item.done} className="flex items-start gap-3 text-sm">
            <span aria-hidden className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-xs font-bold ${item.done ? "bg-emerald-600 text-white" : "border border-slate-300 text-slate-400"}`}>
              {item.done ? "✓" : ""}
            </span>
            <span className="min-w-0 flex-1">
              <span className="font-medium text-slate-800">{t(`items.${item.id}`)}</span>
              <span className="sr-only"> · {item.done ? t("done") : t("todo")}</span>
              {item.done ? null : (
                <>
                  {" "}
                  <Link href={item.href} className="text-indigo-700 underline">
                    {t(`links.${item.id}`)}
                  </Link>
                </>
              )}
            </span>
          </li>
        ))}
        <li data-testid="go-live-domains" className="flex items-start gap-3 text-sm">
          <span aria-hidden className="mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full border border-amber-400 text-xs font-bold text-amber-600">
            {"·"}
          </span>
          <span className="min-w-0 flex-1 text-slate-700">
            <span className="font-medium text-slate-800">{t("items.domains")}</span>{" "}
            {t("domainsBody", { directory: checklist.domains.jsapiDirectory, host: checklist.domains.host })}
          </span>
        </li>
      </ul>
    </Card>
  );
}
