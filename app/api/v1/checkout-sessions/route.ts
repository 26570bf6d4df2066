import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { createCheckoutSession } from "@/lib/checkout/sessions";
import { createCheckoutSessionSchema } from "@/lib/checkout/schemas";

export const POST = apiRoute({ auth: "any", body: createCheckoutSessionSchema }, async ({ key, livemode, body }) => ({
  status: 201,
  body: await createCheckoutSession({ merchantId: key.merchantId, livemode }, body),
}));

export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
