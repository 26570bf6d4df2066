import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { createOrder } from "@/lib/orders/create-order";
import { listOrders } from "@/lib/orders/get-orders";
import { createOrderSchema, listOrdersSchema } from "@/lib/orders/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "any", body: createOrderSchema, perAddressLimit: true }, async ({ owner, body, address, idempotency }) => ({
    status: 201,
    body: await createOrder(owner, body, address, undefined, idempotency),
  })),
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => {
    const filters = listOrdersSchema.parse(pickQuery(url, ["status", "goodsId", "buyerId", "channel"] as const));
    return { status: 200, body: await listOrders(owner, { ...parseListQuery(url), ...filters }) };
  }),
});
