import Link from "next/link";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { getPortalGoods } from "@/lib/portal/goods";
import { fenToYuan, formatFen } from "@/lib/money";
import { formatTime } from "@/lib/portal/time";
import { Badge, Card, Mono, PageHeader } from "../../../_components/ui";
import { SubmitButton } from "../../../_components/client";
import { GoodsForm } from "../goods-form";
import { setGoodsActiveAction, updateGoodsAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Goods" };

export default async function GoodsDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMerchant();
  const { id } = await params;
  const g = await orNotFound(getPortalGoods(ctx.owner, id));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/goods" className="text-indigo-700 underline">
          ← Goods
        </Link>
      </p>
      <PageHeader
        title={g.name}
        description={
          <>
            <Mono>{g.id}</Mono> · {formatFen(g.price)} · created {formatTime(g.createdAt)}
          </>
        }
        actions={
          <>
            {g.active ? <Badge tone="green">active</Badge> : <Badge tone="slate">retired</Badge>}
            <Link href={`/orders?goodsId=${encodeURIComponent(g.id)}`} className="text-sm text-indigo-700 underline">
              Orders for this goods
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2" title="Edit">
          <GoodsForm
            action={updateGoodsAction}
            submitLabel="Save changes"
            priceNote="A price change applies to new orders only; existing orders keep the amount they were created with."
            initial={{
              id: g.id,
              name: g.name,
              description: g.description ?? "",
              price: fenToYuan(g.price),
              notifyOrderCreated: g.notifyUrls.orderCreated ?? "",
              notifyOrderPaid: g.notifyUrls.orderPaid ?? "",
            }}
          />
        </Card>
        <Card title={g.active ? "Retire" : "Reactivate"} description={g.active ? "Retired goods cannot be ordered any more. Goods are never deleted while orders reference them." : "Reactivated goods can be ordered again."}>
          <form action={setGoodsActiveAction}>
            <input type="hidden" name="id" value={g.id} />
            <input type="hidden" name="active" value={g.active ? "false" : "true"} />
            <SubmitButton variant={g.active ? "danger" : "secondary"} pendingLabel="Saving…">
              {g.active ? "Retire goods" : "Reactivate goods"}
            </SubmitButton>
          </form>
        </Card>
      </div>
    </>
  );
}
