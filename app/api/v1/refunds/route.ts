import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { createRefund } from "@/lib/refunds/create-refund";
import { listRefunds } from "@/lib/refunds/get-refunds";
import { createRefundSchema, listRefundsSchema } from "@/lib/refunds/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret", body: createRefundSchema }, async ({ owner, body, idempotency }) => ({
    status: 201,
    body: await createRefund(owner, body, idempotency),
  })),
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => {
    const filters = listRefundsSchema.parse(pickQuery(url, ["orderId"] as const));
    return { status: 200, body: await listRefunds(owner, { ...parseListQuery(url), ...filters }) };
  }),
});
