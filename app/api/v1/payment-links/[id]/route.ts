import { apiRoute, routes } from "@/lib/api/route";
import { getPaymentLinkOrThrow, paymentLinkView, updatePaymentLink } from "@/lib/payment-links/links";
import { updatePaymentLinkSchema } from "@/lib/payment-links/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({ status: 200, body: paymentLinkView(await getPaymentLinkOrThrow(owner, params.id!)) })),
  PATCH: apiRoute({ auth: "secret", body: updatePaymentLinkSchema }, async ({ owner, params, body }) => ({ status: 200, body: await updatePaymentLink(owner, params.id!, body) })),
});
