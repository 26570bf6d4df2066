import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getCheckoutSessionOrThrow, sessionView } from "@/lib/checkout/sessions";

export const GET = apiRoute({ auth: "any" }, async ({ key, livemode, params }) => ({
  status: 200,
  body: sessionView(await getCheckoutSessionOrThrow({ merchantId: key.merchantId, livemode }, params.id!)),
}));

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
