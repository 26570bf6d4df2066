import { apiRoute, routes } from "@/lib/api/route";
import { getOrderOrThrow } from "@/lib/orders/get-orders";
import { syncOrder } from "@/lib/orders/sync-order";
import { orderView } from "@/lib/orders/view";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  /** Secret key, or the publishable key of the same merchant: while pending, the channel is asked first. */
  GET: apiRoute({ auth: "any" }, async ({ owner, params }) => {
    const order = await getOrderOrThrow(owner, params.id!);
    return { status: 200, body: orderView(await syncOrder(order)) };
  }),
});
