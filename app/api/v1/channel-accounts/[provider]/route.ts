import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { putChannelAccount } from "@/lib/channel-accounts/put-channel-account";

export const PUT = apiRoute({ auth: "secret" }, async ({ key, livemode, params, json }) => ({
  status: 200,
  body: await putChannelAccount({ merchantId: key.merchantId, livemode }, params.provider!, json),
}));

export const GET = methodNotAllowed;
export const POST = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
