import { apiRoute, routes } from "@/lib/api/route";
import { resendEvent } from "@/lib/notify/resend-event";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret" }, async ({ owner, params, log }) => ({
    status: 200,
    body: await resendEvent(owner, params.id!, log),
  })),
});
