import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { merchants } from "../db/schema";
import { newId } from "../ids";
import type { Owner } from "../owner";
import { ensureWebhookSecret, signingSecrets } from "../merchants/webhook-secret";
import { getEndpointOrThrow } from "../webhook-endpoints/endpoints";
import { postSigned } from "./attempt";
import type { SendResult } from "./send";

/** The type of the test event: not one of EVENT_TYPES, so a receiver's handlers for real events never act on it. */
export const TEST_EVENT_TYPE = "ping";

export type TestEventResult = SendResult & { eventId: string };

/**
 * "Send a test event" (portal): one `ping` event, signed with the mode's secret exactly as real events
 * are (same headers, same SSRF guard and deadline), sent now to the endpoint, and the answer handed
 * back to show. It is not an event of the outbox: nothing is recorded or retried.
 */
export async function sendTestEvent(owner: Owner, endpointId: string): Promise<TestEventResult> {
  const endpoint = await getEndpointOrThrow(owner, endpointId);
  const [merchant] = await db().select().from(merchants).where(eq(merchants.id, owner.merchantId)).limit(1);
  const at = new Date();
  const secrets = (merchant && signingSecrets(merchant, owner.livemode, at)) ?? [await ensureWebhookSecret(owner.merchantId, owner.livemode)];
  const eventId = newId("evt");
  const body = JSON.stringify({
    id: eventId,
    object: "event",
    type: TEST_EVENT_TYPE,
    createdAt: at.toISOString(),
    livemode: owner.livemode,
    data: { webhookEndpoint: { id: endpoint.id, url: endpoint.url } },
  });
  return { ...(await postSigned(endpoint.url, eventId, body, secrets, at)), eventId };
}
