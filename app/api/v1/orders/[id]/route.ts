import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getOrderOrThrow } from "@/lib/orders/get-orders";
import { syncOrder } from "@/lib/orders/sync-order";
import { orderView } from "@/lib/orders/view";

/** Secret key, or the publishable key of the same merchant: while pending, the channel is asked first. */
export const GET = apiRoute({ auth: "any" }, async ({ key, livemode, params }) => {
  const order = await getOrderOrThrow({ merchantId: key.merchantId, livemode }, params.id!);
  return { status: 200, body: orderView(await syncOrder(order)) };
});

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
