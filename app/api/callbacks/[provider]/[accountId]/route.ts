import { answerChannelCallback } from "@/lib/orders/callback-answer";
import { inboundFromRequest } from "@/lib/orders/handle-callback";

type Ctx = { params: Promise<{ provider: string; accountId: string }> };

/**
 * Inbound channel notifications: lib verifies them on the raw body and picks the provider's exact
 * answer. `npm start`'s web server answers them before they reach Next (lib/api/direct-callbacks.ts);
 * this route serves them wherever it does not (`next dev`, `next start`).
 */
export async function POST(req: Request, { params }: Ctx) {
  const { provider, accountId } = await params;
  const answer = await answerChannelCallback(provider, accountId, inboundFromRequest(req));
  return new Response(answer.body || null, { status: answer.status, headers: answer.headers });
}
