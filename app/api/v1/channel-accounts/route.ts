import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { listChannelAccounts } from "@/lib/channel-accounts/channel-accounts";

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode }) => {
  const data = await listChannelAccounts({ merchantId: key.merchantId, livemode });
  return { status: 200, body: { object: "list", data, hasMore: false } };
});

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
