import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { pageTitle } from "@/i18n/server";
import { Card, PageHeader } from "../../../_components/ui";
import { GoodsForm } from "../goods-form";
import { createGoodsAction } from "../actions";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("newGoods");

export default async function NewGoodsPage() {
  const ctx = await requireMerchant();
  const t = await getTranslations("goods");
  return (
    <>
      <PageHeader title={t("new")} description={t("newDescription", { mode: ctx.livemode ? "live" : "test" })} />
      <Card className="max-w-2xl">
        <GoodsForm action={createGoodsAction} submitLabel={t("create")} initial={{ name: "", description: "", price: "", notifyOrderCreated: "", notifyOrderPaid: "" }} />
      </Card>
    </>
  );
}
