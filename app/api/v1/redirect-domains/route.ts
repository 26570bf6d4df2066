import { apiRoute, routes } from "@/lib/api/route";
import { getRedirectDomains, setRedirectDomains, setRedirectDomainsSchema } from "@/lib/merchants/redirect-domains";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner }) => ({ status: 200, body: await getRedirectDomains(owner.merchantId) })),
  PUT: apiRoute({ auth: "secret", body: setRedirectDomainsSchema }, async ({ owner, body }) => ({
    status: 200,
    body: await setRedirectDomains(owner.merchantId, body.domains),
  })),
});
