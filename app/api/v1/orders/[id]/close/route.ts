import { apiRoute, routes } from "@/lib/api/route";
import { getOrderOrThrow } from "@/lib/orders/get-orders";
import { closeOrderForApi } from "@/lib/orders/close-order";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({
    status: 200,
    body: await closeOrderForApi(await getOrderOrThrow(owner, params.id!)),
  })),
});
