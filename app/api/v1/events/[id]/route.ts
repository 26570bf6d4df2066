import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getEventOrThrow } from "@/lib/events/get-events";

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, params }) => ({
  status: 200,
  body: await getEventOrThrow({ merchantId: key.merchantId, livemode }, params.id!),
}));

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
