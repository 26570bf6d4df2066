import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { listEvents } from "@/lib/events/get-events";
import { listEventsSchema } from "@/lib/events/schemas";

const FILTERS = ["type", "orderId", "deliveryStatus"] as const;

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, url }) => {
  const filters = listEventsSchema.parse(pickQuery(url, FILTERS));
  return { status: 200, body: await listEvents({ merchantId: key.merchantId, livemode }, { ...parseListQuery(url), ...filters }) };
});

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
