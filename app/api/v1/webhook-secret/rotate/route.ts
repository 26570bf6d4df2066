import { apiRoute, routes } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/merchants/webhook-secret";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  // Rotates the signing secret of the key's own mode: a test key can never touch what signs live webhooks.
  POST: apiRoute({ auth: "secret" }, async ({ owner }) => ({
    status: 200,
    body: await rotateWebhookSecret(owner.merchantId, owner.livemode),
  })),
});
