import Link from "next/link";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalGoods } from "@/lib/portal/goods";
import { formatFen } from "@/lib/money";
import { formatTime } from "@/lib/portal/time";
import { Badge, ButtonLink, EmptyState, Notice, PageHeader, Table, td, tdWrap } from "../../../_components/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "Goods" };

export default async function GoodsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireMerchant();
  const sp = await searchParams;
  const goods = await listPortalGoods(ctx.owner);
  const created = typeof sp.created === "string" ? goods.find((g) => g.id === sp.created) : undefined;
  return (
    <>
      <PageHeader
        title="Goods"
        description="What you sell. Prices live here; an order's amount is the goods' price × quantity."
        actions={
          <ButtonLink href="/goods/new" variant="primary">
            New goods
          </ButtonLink>
        }
      />
      {created ? (
        <div className="mb-4">
          <Notice tone="success">
            Created “{created.name}”. Try it from the <Link className="underline" href="/dashboard">dashboard</Link> with a test payment.
          </Notice>
        </div>
      ) : null}
      {goods.length === 0 ? (
        <EmptyState title={`No goods in ${ctx.livemode ? "live" : "test"} mode yet`} action={<ButtonLink href="/goods/new" variant="primary">Create your first goods</ButtonLink>}>
          Goods carry the price and the URLs your server is notified at.
        </EmptyState>
      ) : (
        <Table label="Goods" head={["Name", "Price", "Notify URLs", "Status", "Created"]}>
          {goods.map((g) => (
            <tr key={g.id} className="hover:bg-slate-50">
              <td className={td}>
                <Link href={`/goods/${g.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                  {g.name}
                </Link>
                <div className="font-mono text-xs text-slate-500">{g.id}</div>
              </td>
              <td className={`${td} tabular-nums`}>{formatFen(g.price)}</td>
              <td className={`${tdWrap} min-w-56 max-w-80 break-all text-xs text-slate-600`}>
                <div>created: {g.notifyUrls.orderCreated ?? "—"}</div>
                <div>paid: {g.notifyUrls.orderPaid ?? "—"}</div>
              </td>
              <td className={td}>{g.active ? <Badge tone="green">active</Badge> : <Badge>retired</Badge>}</td>
              <td className={`${td} text-slate-600`}>{formatTime(g.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
