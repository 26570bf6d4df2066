import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { parseListQuery } from "@/lib/api/pagination";
import { listEvents } from "@/lib/events/get-events";
import { listEventsSchema } from "@/lib/events/schemas";

const FILTERS = ["type", "orderId", "deliveryStatus"] as const;

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, url }) => {
  const filters = listEventsSchema.parse(Object.fromEntries(FILTERS.flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)]] : []))));
  return { status: 200, body: await listEvents({ merchantId: key.merchantId, livemode }, { ...parseListQuery(url), ...filters }) };
});

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
