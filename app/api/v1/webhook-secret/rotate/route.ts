import { apiRoute } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/merchants/webhook-secret";

// One signing secret per merchant, shared by both modes (as the CLI hands it out), so any secret key may rotate it.
export const POST = apiRoute({ auth: "secret" }, async ({ key }) => ({
  status: 200,
  body: await rotateWebhookSecret(key.merchantId),
}));
