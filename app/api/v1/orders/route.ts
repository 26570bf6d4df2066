import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { createOrder } from "@/lib/orders/create-order";
import { listOrders } from "@/lib/orders/get-orders";
import { createOrderSchema, listOrdersSchema } from "@/lib/orders/schemas";
import { requestIp } from "@/lib/api/request-ip";

export const POST = apiRoute({ auth: "any", body: createOrderSchema }, async ({ key, livemode, body, req }) => ({
  status: 201,
  body: await createOrder({ merchantId: key.merchantId, livemode }, body, requestIp(req)),
}));

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, url }) => {
  const filters = listOrdersSchema.parse(pickQuery(url, ["status", "goodsId", "buyerId", "channel"] as const));
  return { status: 200, body: await listOrders({ merchantId: key.merchantId, livemode }, { ...parseListQuery(url), ...filters }) };
});

export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
