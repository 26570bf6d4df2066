import { apiRoute, routes } from "@/lib/api/route";
import { getEventOrThrow } from "@/lib/events/get-events";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({
    status: 200,
    body: await getEventOrThrow(owner, params.id!),
  })),
});
