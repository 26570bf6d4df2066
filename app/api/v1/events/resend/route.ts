import { apiRoute, routes } from "@/lib/api/route";
import { bulkResend } from "@/lib/notify/bulk-resend";
import { bulkResendSchema } from "@/lib/events/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret", body: bulkResendSchema }, async ({ owner, body }) => ({
    status: 202,
    body: await bulkResend(owner, body),
  })),
});
