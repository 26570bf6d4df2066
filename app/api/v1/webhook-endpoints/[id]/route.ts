import { apiRoute, routes } from "@/lib/api/route";
import { deleteEndpoint, endpointView, getEndpointOrThrow, updateEndpoint } from "@/lib/webhook-endpoints/endpoints";
import { updateWebhookEndpointSchema } from "@/lib/webhook-endpoints/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({ status: 200, body: endpointView(await getEndpointOrThrow(owner, params.id!)) })),
  PATCH: apiRoute({ auth: "secret", body: updateWebhookEndpointSchema }, async ({ owner, params, body }) => ({
    status: 200,
    body: await updateEndpoint(owner, params.id!, body),
  })),
  DELETE: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({ status: 200, body: await deleteEndpoint(owner, params.id!) })),
});
