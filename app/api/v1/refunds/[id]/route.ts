import { apiRoute, routes } from "@/lib/api/route";
import { retrieveRefund } from "@/lib/refunds/show-refund";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  /** While pending, the channel is asked first. */
  GET: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({ status: 200, body: await retrieveRefund(owner, params.id!) })),
});
