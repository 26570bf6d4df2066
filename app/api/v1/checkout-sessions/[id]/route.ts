import { apiRoute, routes } from "@/lib/api/route";
import { getCheckoutSessionOrThrow, sessionView } from "@/lib/checkout/sessions";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "any" }, async ({ owner, params }) => ({
    status: 200,
    body: sessionView(await getCheckoutSessionOrThrow(owner, params.id!)),
  })),
});
