import Link from "next/link";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalDeliveries, type DeliveryStatus } from "@/lib/portal/webhooks";
import { formatTime } from "@/lib/portal/time";
import { Card, EmptyState, Mono, PageHeader, StatusBadge, Table, buttonStyles, td, tdWrap } from "../../_components/ui";
import { ResendButton } from "../../_components/resend-button";
import { SecretPanel } from "./secret-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Webhooks" };

const STATUSES: DeliveryStatus[] = ["pending", "succeeded", "failed", "stopped"];

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireMerchant();
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status);
  const startingAfter = typeof sp.startingAfter === "string" ? sp.startingAfter : undefined;
  const page = await listPortalDeliveries(ctx.owner, { status, startingAfter });
  const last = page.data[page.data.length - 1];
  const href = (q: Record<string, string | undefined>) => {
    const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
    return p.size ? `/webhooks?${p}` : "/webhooks";
  };
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="payrelay signs every notification to your goods' notify URLs with this secret (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). Any 2xx within 10 s is success; anything else is retried for about a day."
      />
      <Card title="Signing secret" className="mb-6" description="One secret for test and live. Verify with any Standard Webhooks library, e.g. new Webhook(secret).verify(body, headers).">
        <SecretPanel />
      </Card>

      <div className="mb-3 flex flex-wrap items-center gap-2" role="group" aria-label="Filter deliveries by status">
        {[undefined, ...STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            href={href({ status: s })}
            aria-current={s === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ${s === status ? "bg-indigo-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"}`}
          >
            {s ?? "all"}
          </Link>
        ))}
      </div>
      {page.data.length === 0 ? (
        <EmptyState title={status ? `No ${status} deliveries` : `No ${ctx.livemode ? "live" : "test"} deliveries yet`}>
          Deliveries appear when an order event is sent to one of your goods&apos; notify URLs.
        </EmptyState>
      ) : (
        <>
          <Table label="Deliveries" head={["Event", "Status", "URL", "Attempts", "Last answer", ""]}>
            {page.data.map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td className={td}>
                  <div className="font-medium">{d.eventType}</div>
                  {d.orderId ? (
                    <Link href={`/orders/${d.orderId}`} className="font-mono text-xs text-indigo-700 underline">
                      {d.orderId}
                    </Link>
                  ) : null}
                  <div className="text-xs text-slate-500">{formatTime(d.createdAt)}</div>
                </td>
                <td className={td}>
                  <StatusBadge status={d.status} />
                  {d.status === "pending" && d.nextAttemptAt ? <div className="mt-1 text-xs text-slate-500">next {formatTime(d.nextAttemptAt)}</div> : null}
                </td>
                <td className={`${tdWrap} min-w-48 max-w-64`}>
                  <Mono>{d.url}</Mono>
                </td>
                <td className={`${td} tabular-nums`}>{d.attemptCount}</td>
                <td className={`${tdWrap} min-w-48 max-w-72 text-xs`}>
                  {d.lastAttempt ? (
                    <>
                      <span className={d.lastAttempt.statusCode && d.lastAttempt.statusCode >= 200 && d.lastAttempt.statusCode < 300 ? "text-emerald-700" : "text-red-700"}>
                        {d.lastAttempt.statusCode !== null ? `HTTP ${d.lastAttempt.statusCode}` : (d.lastAttempt.error ?? "no answer")}
                      </span>{" "}
                      <span className="text-slate-500">{formatTime(d.lastAttempt.at)}</span>
                      {d.lastAttempt.responseExcerpt ? <div className="mt-1 line-clamp-2 font-mono text-slate-600">{d.lastAttempt.responseExcerpt}</div> : null}
                    </>
                  ) : (
                    <span className="text-slate-500">not attempted yet</span>
                  )}
                </td>
                <td className={td}>
                  <ResendButton eventId={d.eventId} orderId={d.orderId} />
                </td>
              </tr>
            ))}
          </Table>
          <nav className="mt-4 flex justify-between" aria-label="Pages">
            {startingAfter ? (
              <Link className={buttonStyles.secondary} href={href({ status })}>
                ← First page
              </Link>
            ) : (
              <span />
            )}
            {page.hasMore && last ? (
              <Link className={buttonStyles.secondary} href={href({ status, startingAfter: last.id })}>
                Older →
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
