import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery } from "@/lib/api/pagination";
import { createPaymentLink, listPaymentLinks } from "@/lib/payment-links/links";
import { createPaymentLinkSchema } from "@/lib/payment-links/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret", body: createPaymentLinkSchema }, async ({ owner, body }) => ({ status: 201, body: await createPaymentLink(owner, body) })),
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => ({ status: 200, body: await listPaymentLinks(owner, parseListQuery(url)) })),
});
