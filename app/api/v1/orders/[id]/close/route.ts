import { apiRoute } from "@/lib/api/route";
import { getOrderOrThrow } from "@/lib/orders/get-orders";
import { closeOrderForApi } from "@/lib/orders/close-order";

export const POST = apiRoute({ auth: "secret" }, async ({ key, livemode, params }) => ({
  status: 200,
  body: await closeOrderForApi(await getOrderOrThrow({ merchantId: key.merchantId, livemode }, params.id!)),
}));
