import Link from "next/link";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { getOrderDetail, type TimelineEntry } from "@/lib/portal/orders";
import { formatFen } from "@/lib/money";
import { formatTime } from "@/lib/portal/time";
import { Badge, Card, Mono, PageHeader, StatusBadge } from "../../../_components/ui";
import { ResendButton } from "../../../_components/resend-button";

export const dynamic = "force-dynamic";
export const metadata = { title: "Order" };

const DOT: Record<TimelineEntry["tone"], string> = {
  neutral: "bg-slate-400",
  good: "bg-emerald-500",
  bad: "bg-red-500",
  warn: "bg-amber-500",
};

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMerchant();
  const { id } = await params;
  const { order, timeline, events } = await orNotFound(getOrderDetail(ctx.owner, id));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/orders" className="text-indigo-700 underline">
          ← Orders
        </Link>
      </p>
      <PageHeader
        title={`${formatFen(order.amount)} · ${order.goodsName ?? order.goodsId}`}
        description={<Mono>{order.id}</Mono>}
        actions={
          <>
            <StatusBadge status={order.status} />
            {order.paidAfterClose ? <Badge tone="amber">paid after close</Badge> : null}
            {order.livemode ? <Badge tone="green">live</Badge> : <Badge tone="amber">test</Badge>}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-1">
          <dl className="space-y-2 text-sm">
            <Row label="Status">{order.status}</Row>
            <Row label="Amount">{formatFen(order.amount)}</Row>
            <Row label="Goods">
              <Link href={`/goods/${order.goodsId}`} className="text-indigo-700 underline">
                {order.goodsName ?? order.goodsId}
              </Link>{" "}
              × {order.quantity}
            </Row>
            <Row label="Channel">{order.channel}</Row>
            <Row label="Buyer">
              <Mono>{order.buyerId}</Mono>
            </Row>
            <Row label="Attach">{order.attach ? <Mono>{order.attach}</Mono> : "—"}</Row>
            <Row label="Channel trade no.">{order.channelTradeNo ? <Mono>{order.channelTradeNo}</Mono> : "—"}</Row>
            <Row label="Created">{formatTime(order.createdAt)}</Row>
            <Row label="Paid">{formatTime(order.paidAt)}</Row>
            <Row label="Closed">{formatTime(order.closedAt)}</Row>
            <Row label="Expires">{formatTime(order.expiresAt)}</Row>
            {order.failure ? (
              <Row label="Last channel error">
                <span className="text-red-700">
                  {order.failure.code}: {order.failure.message}
                </span>
              </Row>
            ) : null}
          </dl>
        </Card>
        <Card title="Timeline" className="lg:col-span-2" description="Everything that happened to this order, oldest first (Beijing time).">
          <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="timeline">
            {timeline.map((t, i) => (
              <li key={i} className="relative" data-kind={t.kind}>
                <span className={`absolute -left-[26px] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white ${DOT[t.tone]}`} aria-hidden />
                <p className="text-sm font-medium">{t.title}</p>
                <p className="text-xs text-slate-500">
                  <time dateTime={t.at.toISOString()}>{formatTime(t.at)}</time>
                  {t.detail ? <span className="break-all"> · {t.detail}</span> : null}
                </p>
              </li>
            ))}
          </ol>
        </Card>
      </div>

      <Card title="Notifications" className="mt-6" description="Each event, where it was sent and every attempt with your server's answer.">
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">No events yet.</p>
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
                  <p className="mt-1 text-xs text-slate-500">Not delivered: the goods has no notify URL for {e.type}, or delivery has not started yet.</p>
                ) : (
                  e.deliveries.map((d) => (
                    <div key={d.id} className="mt-2 rounded-lg border border-slate-200 p-3" data-testid="delivery">
                      <div className="flex flex-wrap items-center gap-2 text-sm">
                        <StatusBadge status={d.status} />
                        <Mono>{d.url}</Mono>
                      </div>
                      <ul className="mt-2 space-y-1 text-xs">
                        {d.attempts.map((a) => (
                          <li key={a.id} className="flex flex-wrap gap-x-3 text-slate-600" data-testid="attempt">
                            <span>{formatTime(a.at)}</span>
                            <span>{a.trigger}</span>
                            <span className={a.statusCode && a.statusCode < 300 && a.statusCode >= 200 ? "text-emerald-700" : "text-red-700"}>
                              {a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.error ?? "no answer")}
                            </span>
                            {a.latencyMs !== null ? <span>{a.latencyMs} ms</span> : null}
                            {a.responseExcerpt ? <span className="max-w-full truncate font-mono">“{a.responseExcerpt.slice(0, 160)}”</span> : null}
                          </li>
                        ))}
                        {d.attempts.length === 0 ? <li className="text-slate-500">No attempt yet.</li> : null}
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
