import { apiRoute } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/merchants/webhook-secret";

// Rotates the signing secret of the key's own mode: a test key can never touch what signs live webhooks.
export const POST = apiRoute({ auth: "secret" }, async ({ key, livemode }) => ({
  status: 200,
  body: await rotateWebhookSecret(key.merchantId, livemode),
}));
