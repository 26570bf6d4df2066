import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { getPortalGoods } from "@/lib/portal/goods";
import { fenToYuan } from "@/lib/money";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { Badge, Card, PageHeader } from "../../../_components/ui";
import { CopyableId, SubmitButton } from "../../../_components/client";
import { GoodsForm } from "../goods-form";
import { setGoodsActiveAction, updateGoodsAction } from "../actions";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("goods");

export default async function GoodsDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMerchant();
  const { id } = await params;
  const g = await orNotFound(getPortalGoods(ctx.owner, id));
  const [t, tc, f] = await Promise.all([getTranslations("goods"), getTranslations("common"), getPortalFormat()]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/goods" className="text-indigo-700 underline">
          {t("back")}
        </Link>
      </p>
      <PageHeader
        title={g.name}
        description={
          <>
            <CopyableId value={g.id} name={t("copyId", { id: g.id })} /> · {t("summary", { price: f.money(g.price), created: f.dateTime(g.createdAt) })}
          </>
        }
        actions={
          <>
            {g.active ? <Badge tone="green">{t("active")}</Badge> : <Badge tone="slate">{t("retired")}</Badge>}
            <Link href={`/orders?goodsId=${encodeURIComponent(g.id)}`} className="text-sm text-indigo-700 underline">
              {t("ordersFor")}
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2" title={t("edit")}>
          <GoodsForm
            action={updateGoodsAction}
            submitLabel={t("saveChanges")}
            priceNote={t("priceNote")}
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
        <Card title={g.active ? t("retire") : t("reactivate")} description={g.active ? t("retireDescription") : t("reactivateDescription")}>
          <form action={setGoodsActiveAction}>
            <input type="hidden" name="id" value={g.id} />
            <input type="hidden" name="active" value={g.active ? "false" : "true"} />
            <SubmitButton variant={g.active ? "danger" : "secondary"} pendingLabel={tc("saving")}>
              {g.active ? t("retireButton") : t("reactivateButton")}
            </SubmitButton>
          </form>
        </Card>
      </div>
    </>
  );
}
