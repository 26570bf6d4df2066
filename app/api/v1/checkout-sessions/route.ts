import { apiRoute, routes } from "@/lib/api/route";
import { createCheckoutSession } from "@/lib/checkout/sessions";
import { createCheckoutSessionSchema } from "@/lib/checkout/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "any", body: createCheckoutSessionSchema, perAddressLimit: true }, async ({ owner, key, body, idempotency }) => ({
    status: 201,
    body: await createCheckoutSession(owner, body, { publishableKey: key.kind === "publishable" }, idempotency),
  })),
});
