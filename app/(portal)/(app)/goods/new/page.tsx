import { requireMerchant } from "@/lib/auth/session";
import { Card, PageHeader } from "../../../_components/ui";
import { GoodsForm } from "../goods-form";
import { createGoodsAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New goods" };

export default async function NewGoodsPage() {
  const ctx = await requireMerchant();
  return (
    <>
      <PageHeader title="New goods" description={`Created in ${ctx.livemode ? "live" : "test"} mode. Orders take their amount from the goods' price, never from the caller.`} />
      <Card className="max-w-2xl">
        <GoodsForm action={createGoodsAction} submitLabel="Create goods" initial={{ name: "", description: "", price: "", notifyOrderCreated: "", notifyOrderPaid: "" }} />
      </Card>
    </>
  );
}
