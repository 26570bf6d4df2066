import { apiRoute, routes } from "@/lib/api/route";
import { showCheckoutSession } from "@/lib/checkout/sessions";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "any" }, async ({ owner, params }) => ({
    status: 200,
    body: await showCheckoutSession(owner, params.id!),
  })),
});
