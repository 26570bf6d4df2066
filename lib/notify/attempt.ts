import type { Logger } from "pino";
import { config } from "../config";
import { newId } from "../ids";
import type { DeliveryRow, EventRow } from "../events/view";
import { eventView } from "../events/view";
import { postWebhook, type SendResult } from "./send";
import { signatureHeader } from "./signature";
import { retryDelayMs } from "./schedule";
import { observeWebhookAttempt } from "../metrics/metrics";

/** Everything one attempt needs, read fresh (lib/notify/claim.ts `loadForAttempts`). */
export type Loaded = { delivery: DeliveryRow; event: EventRow; secrets: string[] };

export type AttemptOutcome = SendResult & { attemptId: string; at: Date };

export type Trigger = "automatic" | "resend";

/**
 * POSTs a signed webhook (Standard Webhooks headers) to `url` with the SSRF guard and the 10 s
 * deadline: every attempt of a delivery, and the portal's test event.
 */
export async function postSigned(url: string, id: string, body: string, secrets: string[], at: Date): Promise<SendResult> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return postWebhook(
    url,
    body,
    {
      "content-type": "application/json",
      "user-agent": "payrelay-webhooks/1",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatureHeader(secrets, id, timestamp, body),
    },
    { allowPrivate: config().NOTIFY_ALLOW_PRIVATE_HOSTS },
  );
}

/** Sends one signed attempt. Recording it is the caller's (batched for automatic attempts). */
export async function sendAttempt(loaded: Loaded): Promise<AttemptOutcome> {
  const { delivery, event, secrets } = loaded;
  const at = new Date();
  const result = await postSigned(delivery.url, event.id, JSON.stringify(eventView(event)), secrets, at);
  return { ...result, attemptId: newId("att"), at };
}

/** The attempt row: time, status, latency, the first 1 KiB of the answer, the error. */
export function attemptRow(loaded: Loaded, outcome: AttemptOutcome, trigger: Trigger) {
  return {
    id: outcome.attemptId,
    deliveryId: loaded.delivery.id,
    eventId: loaded.event.id,
    trigger,
    at: outcome.at,
    statusCode: outcome.statusCode,
    latencyMs: outcome.latencyMs,
    responseExcerpt: outcome.excerpt === null ? null : [...outcome.excerpt].slice(0, 1024).join(""),
    error: outcome.error?.slice(0, 512) ?? null,
  };
}

export const isSuccess = (statusCode: number | null) => statusCode !== null && statusCode >= 200 && statusCode < 300;

export type Next = { status: DeliveryRow["status"]; nextAttemptAt: Date | null };

/**
 * The settle rule, for every attempt (automatic or resend): any 2xx settles the delivery as
 * succeeded, 410 Gone as stopped (the receiver says this URL will never want our events again);
 * any other answer settles nothing.
 */
export function settledBy(statusCode: number | null): "succeeded" | "stopped" | null {
  if (isSuccess(statusCode)) return "succeeded";
  return statusCode === 410 ? "stopped" : null;
}

/** The delivery's state after an automatic attempt: settled, or else the retry schedule decides. */
export function afterAttempt(statusCode: number | null, attemptsMade: number, now: Date): Next {
  const settled = settledBy(statusCode);
  if (settled) return { status: settled, nextAttemptAt: null };
  const delay = retryDelayMs(attemptsMade);
  return delay === null ? { status: "failed", nextAttemptAt: null } : { status: "pending", nextAttemptAt: new Date(now.getTime() + delay) };
}

/** One log line and one metrics observation per attempt, the same for automatic attempts and resends. */
export function logAttempt(log: Logger, loaded: Loaded, trigger: Trigger, attempt: number | null, outcome: AttemptOutcome, next: { status: string; nextAttemptAt: Date | null }): void {
  let host = "";
  try {
    host = new URL(loaded.delivery.url).host;
  } catch {
    /* an unparsable URL is logged without a host; the attempt's error says why */
  }
  const line = {
    eventId: loaded.event.id,
    type: loaded.event.type,
    deliveryId: loaded.delivery.id,
    merchantId: loaded.delivery.merchantId,
    host,
    trigger,
    attempt,
    statusCode: outcome.statusCode,
    ms: outcome.latencyMs,
    result: next.status,
    nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null,
    error: outcome.error,
  };
  observeWebhookAttempt(trigger, outcome, next.status);
  if (isSuccess(outcome.statusCode)) log.info(line, "webhook attempt");
  else log.warn(line, "webhook attempt");
}
