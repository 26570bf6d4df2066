import { desc, eq, inArray } from "drizzle-orm";
import { db } from "../db/client";
import { events, webhookAttempts, webhookDeliveries } from "../db/schema";
import { findOwned, type Owner } from "../owner";
import { keysetPage } from "../api/pagination";
import { ApiError } from "../api/errors";
import { logger } from "../log";
import { resendEvent } from "../notify/resend-event";
import { bulkResend } from "../notify/bulk-resend";
import { ensureWebhookSecret, rotateWebhookSecret } from "../merchants/webhook-secret";
import { msg, type Message } from "../i18n/message";
import { failingDisabledEndpoints } from "../webhook-endpoints/endpoints";

export type DeliveryStatus = (typeof webhookDeliveries.status.enumValues)[number];

export type PortalDelivery = typeof webhookDeliveries.$inferSelect & {
  eventType: string;
  orderId: string | null;
  lastAttempt: typeof webhookAttempts.$inferSelect | null;
};

/**
 * The owner's webhook deliveries in the current mode (a delivery's mode is its event's), newest first,
 * each with its latest attempt. Read straight from the notifications tables.
 */
export async function listPortalDeliveries(
  owner: Owner,
  opts: { status?: DeliveryStatus; startingAfter?: string; limit?: number } = {},
): Promise<{ data: PortalDelivery[]; hasMore: boolean }> {
  const limit = opts.limit ?? 25;
  // A cursor that is not the owner's is ignored (first page).
  const after = opts.startingAfter ? await findOwned(webhookDeliveries, owner, opts.startingAfter) : null;
  const where = [
    eq(webhookDeliveries.merchantId, owner.merchantId),
    eq(events.livemode, owner.livemode),
    opts.status ? eq(webhookDeliveries.status, opts.status) : undefined,
  ];
  const select = db()
    .select({ delivery: webhookDeliveries, eventType: events.type, orderId: events.orderId })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .$dynamic();
  const listed = await keysetPage(select, webhookDeliveries, where, { limit, after }, (r) => r);
  const attempts = listed.data.length
    ? await db()
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, listed.data.map((r) => r.delivery.id)))
        .orderBy(desc(webhookAttempts.at))
    : [];
  return {
    data: listed.data.map((r) => ({
      ...r.delivery,
      eventType: r.eventType,
      orderId: r.orderId,
      lastAttempt: attempts.find((a) => a.deliveryId === r.delivery.id) ?? null,
    })),
    hasMore: listed.hasMore,
  };
}

/** The mode's signing secret, decrypted for the merchant who asked for it on purpose (reveal on click). */
export async function revealWebhookSecret(owner: Owner): Promise<string> {
  return ensureWebhookSecret(owner.merchantId, owner.livemode);
}

/**
 * Resend from the portal: the notifications system's resendEvent (one attempt now, recorded as
 * "resend"), for an event of this merchant and mode only. Answers in words for the page.
 */
export async function resendPortalEvent(owner: Owner, eventId: string): Promise<{ ok: boolean; message: Message }> {
  try {
    const event = await resendEvent(owner, eventId, logger().child({ merchantId: owner.merchantId, eventId, via: "portal" }));
    const latest = event.deliveries
      .flatMap((d) => d.attempts ?? [])
      .filter((a) => a.trigger === "resend")
      .sort((a, b) => a.at.localeCompare(b.at))
      .at(-1);
    const status = latest?.statusCode ?? null;
    const ok = status !== null && status >= 200 && status < 300;
    if (ok && status !== null) return { ok, message: msg("webhooks.resend.accepted", { status }) };
    return { ok, message: status ? msg("webhooks.resend.refused", { status }) : msg("webhooks.resend.noAnswer") };
  } catch (error) {
    if (error instanceof ApiError && error.code === "no_notify_url") return { ok: false, message: msg("webhooks.resend.noNotifyUrl") };
    if (error instanceof ApiError && error.type === "not_found") return { ok: false, message: msg("webhooks.resend.notFound") };
    if (error instanceof ApiError && error.type === "conflict") return { ok: false, message: msg("webhooks.resend.conflict", { code: error.code }) };
    throw error;
  }
}

/** A new signing secret; the old one keeps signing for a grace period so receivers can switch over. */
export async function rotatePortalWebhookSecret(owner: Owner) {
  return rotateWebhookSecret(owner.merchantId, owner.livemode);
}

/** The endpoints disabled for five days of failures: the portal shows a notice on every page until the merchant acts. */
export function failingEndpointsNotice(owner: Owner) {
  return failingDisabledEndpoints(owner);
}

/** The periods the portal's bulk resend offers, in hours. */
export const BULK_RESEND_WINDOWS = [24, 168, 720] as const;

/** Bulk resend from the portal: the API's bulkResend for the failed deliveries of the chosen period. */
export async function bulkResendPortal(owner: Owner, hours: number): Promise<{ ok: boolean; message: Message }> {
  const window = BULK_RESEND_WINDOWS.find((h) => h === hours) ?? 24;
  const result = await bulkResend(owner, { since: new Date(Date.now() - window * 3600_000) });
  return { ok: true, message: msg("webhooks.bulk.result", { count: result.requeued, more: result.hasMore ? "yes" : "no" }) };
}
