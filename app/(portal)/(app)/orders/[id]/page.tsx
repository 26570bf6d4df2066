import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { getOrderDetail, type TimelineEntry } from "@/lib/portal/orders";
import { explainDeliveryError } from "@/lib/portal/delivery-errors";
import { msg } from "@/lib/i18n/message";
import { getMessageRenderer, getPortalFormat, pageTitle } from "@/i18n/server";
import { Badge, Card, Mono, PageHeader, StatusBadge } from "../../../_components/ui";
import { ResendButton } from "../../../_components/resend-button";
import { ChannelName } from "../../../_components/labels";
import { fenToYuan } from "@/lib/money";
import { RefundForm } from "./refund-form";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("order");

const DOT: Record<TimelineEntry["tone"], string> = {
  neutral: "bg-slate-400",
  good: "bg-emerald-500",
  bad: "bg-red-500",
  warn: "bg-amber-500",
};

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMerchant();
  const { id } = await params;
  const { order, timeline, events, refunds, refundable, duplicateOf } = await orNotFound(getOrderDetail(ctx.owner, id));
  const [t, tc, tl, f, m] = await Promise.all([getTranslations("order"), getTranslations("common"), getTranslations("labels"), getPortalFormat(), getMessageRenderer()]);
  const say = (part: TimelineEntry["detail"][number]) => (typeof part === "string" ? part : m.render(part));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/orders" className="text-indigo-700 underline">
          {t("back")}
        </Link>
      </p>
      <PageHeader
        title={t("heading", { amount: f.money(order.amount), goods: order.goodsName ?? order.goodsId })}
        description={<Mono>{order.id}</Mono>}
        actions={
          <>
            <StatusBadge status={order.status} kind="order" />
            {order.paidAfterClose ? <Badge tone="amber">{t("paidAfterClose")}</Badge> : null}
            {order.duplicatePayment ? <Badge tone="red">{t("duplicatePayment")}</Badge> : null}
            {order.livemode ? <Badge tone="green">{tc("mode", { mode: "live" })}</Badge> : <Badge tone="amber">{tc("mode", { mode: "test" })}</Badge>}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("details")} className="lg:col-span-1">
          <dl className="space-y-2 text-sm">
            <Row label={t("rows.status")}>{tl(`orderStatus.${order.status}`)}</Row>
            <Row label={t("rows.amount")}>{f.money(order.amount)}</Row>
            <Row label={t("rows.refunded")}>
              <span data-testid="order-refunded">{f.money(order.amountRefunded)}</span>
            </Row>
            <Row label={t("rows.goods")}>
              <Link href={`/goods/${order.goodsId}`} className="text-indigo-700 underline">
                {order.goodsName ?? order.goodsId}
              </Link>{" "}
              × {order.quantity}
            </Row>
            <Row label={t("rows.channel")}>
              <ChannelName channel={order.channel} />
            </Row>
            <Row label={t("rows.buyer")}>
              <Mono>{order.buyerId}</Mono>
            </Row>
            <Row label={t("rows.attach")}>{order.attach ? <Mono>{order.attach}</Mono> : "—"}</Row>
            <Row label={t("rows.channelTradeNo")}>{order.channelTradeNo ? <Mono>{order.channelTradeNo}</Mono> : "—"}</Row>
            <Row label={t("rows.created")}>{f.dateTime(order.createdAt)}</Row>
            <Row label={t("rows.paid")}>{f.dateTime(order.paidAt)}</Row>
            <Row label={t("rows.closed")}>{f.dateTime(order.closedAt)}</Row>
            <Row label={t("rows.expires")}>{f.dateTime(order.expiresAt)}</Row>
            {order.failure ? (
              <Row label={t("rows.lastError")}>
                <span className="text-red-700">
                  {order.failure.code}: {order.failure.message}
                </span>
              </Row>
            ) : null}
          </dl>
        </Card>
        <Card title={t("timeline")} className="lg:col-span-2" description={t("timelineDescription")}>
          <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="timeline">
            {timeline.map((entry, i) => (
              <li key={i} className="relative" data-kind={entry.kind}>
                <span className={`absolute -left-[26px] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white ${DOT[entry.tone]}`} aria-hidden />
                <p className="text-sm font-medium">{m.render(entry.title)}</p>
                <p className="text-xs text-slate-500">
                  <time dateTime={entry.at.toISOString()}>{f.dateTime(entry.at)}</time>
                  {entry.detail.length > 0 ? <span className="break-all"> · {entry.detail.map(say).join(" · ")}</span> : null}
                </p>
              </li>
            ))}
          </ol>
        </Card>
      </div>

      {order.status === "paid" || refunds.length > 0 ? (
        <Card title={t("refund.title")} className="mt-6" description={t("refund.description")}>
          {duplicateOf ? (
            <p role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="duplicate-payment">
              {t.rich("duplicateNotice", {
                session: duplicateOf.sessionId,
                mono: (chunks) => <Mono>{chunks}</Mono>,
              })}{" "}
              {duplicateOf.paidOrderId ? (
                <Link href={`/orders/${duplicateOf.paidOrderId}`} className="text-indigo-700 underline">
                  {t("duplicatePaidBy", { order: duplicateOf.paidOrderId })}
                </Link>
              ) : null}
            </p>
          ) : null}
          <div className="grid gap-6 lg:grid-cols-2">
            <div>
              {order.status !== "paid" ? (
                <p className="text-sm text-slate-600">{t("refund.notPaid")}</p>
              ) : refundable > 0 ? (
                <RefundForm orderId={order.id} refundableYuan={fenToYuan(refundable)} />
              ) : (
                <p className="text-sm text-slate-600">{t("refund.fullyRefunded")}</p>
              )}
            </div>
            <div>
              <h3 className="text-sm font-medium text-slate-800">{t("refunds")}</h3>
              {refunds.length === 0 ? (
                <p className="mt-2 text-sm text-slate-600">{t("noRefunds")}</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100 text-sm">
                  {refunds.map((r) => (
                    <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="refund-row">
                      <span className="tabular-nums font-medium">{f.money(r.amount)}</span>
                      <Badge tone={r.status === "succeeded" ? "green" : r.status === "failed" ? "red" : "amber"}>{tl(`refundStatus.${r.status}`)}</Badge>
                      <span className="text-slate-600">{r.reason ?? "—"}</span>
                      <span className="w-full text-xs text-slate-500">
                        <Mono>{r.id}</Mono> · {f.dateTime(r.createdAt)}
                        {r.failureCode ? (
                          <span className="text-red-700">
                            {" · "}
                            {r.failureCode}: {r.failureMessage}
                          </span>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </Card>
      ) : null}

      <Card title={t("notifications")} className="mt-6" description={t("notificationsDescription")}>
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noEvents")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="events">
            {events.map((e) => (
              <li key={e.id} className="py-4 first:pt-0 last:pb-0" data-testid="event">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="text-sm font-medium">
                    {e.type} <span className="font-mono text-xs text-slate-500">{e.id}</span>
                  </p>
                  <ResendButton eventId={e.id} orderId={order.id} />
                </div>
                {e.deliveries.length === 0 ? (
                  <p className="mt-1 text-xs text-slate-500">{t("notDelivered", { type: e.type })}</p>
                ) : (
                  e.deliveries.map((d) => (
                    <div key={d.id} className="mt-2 rounded-lg border border-slate-200 p-3" data-testid="delivery">
                      <div className="flex flex-wrap items-center gap-2 text-sm">
                        <StatusBadge status={d.status} kind="delivery" />
                        <Mono>{d.url}</Mono>
                      </div>
                      <ul className="mt-2 space-y-1 text-xs">
                        {d.attempts.map((a) => (
                          <li key={a.id} className="flex flex-wrap gap-x-3 text-slate-600" data-testid="attempt" data-trigger={a.trigger}>
                            <span>{f.dateTime(a.at)}</span>
                            <span>{tl(`trigger.${a.trigger}`)}</span>
                            <span className={a.statusCode && a.statusCode < 300 && a.statusCode >= 200 ? "text-emerald-700" : "text-red-700"}>
                              {a.statusCode !== null ? tc("http", { status: a.statusCode }) : a.error ? <span title={a.error}>{say(explainDeliveryError(a.error) ?? a.error)}</span> : tc("noAnswer")}
                            </span>
                            {a.latencyMs !== null ? <span>{m.render(msg("timeline.ms", { ms: a.latencyMs }))}</span> : null}
                            {a.responseExcerpt ? <span className="max-w-full truncate font-mono">“{a.responseExcerpt.slice(0, 160)}”</span> : null}
                          </li>
                        ))}
                        {d.attempts.length === 0 ? <li className="text-slate-500">{t("noAttempt")}</li> : null}
                        {d.status === "pending" && d.nextAttemptAt ? (
                          <li className="text-slate-700" data-testid="next-attempt">
                            {t("nextAttempt", { at: f.dateTime(d.nextAttemptAt) })}
                          </li>
                        ) : null}
                      </ul>
                    </div>
                  ))
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 gap-y-0.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}
