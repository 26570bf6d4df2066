import { Webhook } from "standardwebhooks";
import { PayrelayWebhookVerificationError } from "./errors.js";
import type { Event } from "./types.js";

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof (headers as Headers).forEach === "function" && typeof (headers as Headers).get === "function") {
    (headers as Headers).forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export class Webhooks {
  /**
   * Verifies a payrelay webhook (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature,
   * HMAC-SHA256 with your whsec_ secret, at most 5 minutes old) and returns the event.
   * Pass the raw body exactly as received: re-serialised JSON does not verify.
   * Throws PayrelayWebhookVerificationError when it does not verify.
   */
  verify(body: string | Uint8Array, headers: WebhookHeaders, secret: string): Event {
    const payload = typeof body === "string" ? body : new TextDecoder().decode(body);
    let verified: unknown;
    try {
      verified = new Webhook(secret).verify(payload, plainHeaders(headers));
    } catch (error) {
      throw new PayrelayWebhookVerificationError(`webhook not verified: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    const event = verified as Partial<Event> | null;
    if (!event || typeof event !== "object" || event.object !== "event" || typeof event.type !== "string") {
      throw new PayrelayWebhookVerificationError("webhook verified but its body is not a payrelay event");
    }
    return event as Event;
  }
}
