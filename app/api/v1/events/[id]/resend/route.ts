import { apiRoute } from "@/lib/api/route";
import { resendEvent } from "@/lib/notify/resend-event";

export const POST = apiRoute({ auth: "secret" }, async ({ key, livemode, params, log }) => ({
  status: 200,
  body: await resendEvent({ merchantId: key.merchantId, livemode }, params.id!, log),
}));
