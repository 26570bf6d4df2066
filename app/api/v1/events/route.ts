import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { listEvents } from "@/lib/events/get-events";
import { listEventsSchema } from "@/lib/events/schemas";

const FILTERS = ["type", "orderId", "deliveryStatus"] as const;

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => {
    const filters = listEventsSchema.parse(pickQuery(url, FILTERS));
    return { status: 200, body: await listEvents(owner, { ...parseListQuery(url), ...filters }) };
  }),
});
