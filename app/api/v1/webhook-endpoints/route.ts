import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery } from "@/lib/api/pagination";
import { createEndpoint, listEndpoints } from "@/lib/webhook-endpoints/endpoints";
import { createWebhookEndpointSchema } from "@/lib/webhook-endpoints/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret", body: createWebhookEndpointSchema }, async ({ owner, body }) => ({
    status: 201,
    body: await createEndpoint(owner, body),
  })),
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => ({ status: 200, body: await listEndpoints(owner, parseListQuery(url)) })),
});
