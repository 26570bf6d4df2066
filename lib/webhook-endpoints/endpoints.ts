import { and, count, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { isIP } from "node:net";
import { db, type DbOrTx } from "../db/client";
import { webhookDeliveries, webhookEndpoints } from "../db/schema";
import { newId } from "../ids";
import { config } from "../config";
import { ApiError, notFound } from "../api/errors";
import { keysetPage, type ListQuery } from "../api/pagination";
import { getOwnedOrThrow, ownedBy, type Owner } from "../owner";
import { forbiddenReason } from "../notify/address-guard";
import { invalidateEndpointTargets } from "../events/targets";
import { MAX_ENDPOINTS_PER_MODE, type CreateWebhookEndpointInput, type UpdateWebhookEndpointInput } from "./schemas";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export type EndpointView = {
  id: string;
  object: "webhook_endpoint";
  livemode: boolean;
  url: string;
  description: string | null;
  enabledEvents: string[];
  disabled: boolean;
  disabledReason: EndpointRow["disabledReason"];
  disabledAt: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
};

export function endpointView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    object: "webhook_endpoint",
    livemode: row.livemode,
    url: row.url,
    description: row.description,
    enabledEvents: row.enabledEvents,
    disabled: row.disabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The SSRF rule of notify URLs, checked when the URL is saved as well: with private hosts not
 * allowed, a URL naming a loopback, private, link-local or metadata address (or "localhost") is
 * refused now, with a clear error, rather than failing every delivery later. Names that resolve to
 * such an address are refused at every connection (lib/notify/address-guard.ts), since DNS can change.
 */
export function assertEndpointUrlAllowed(raw: string): void {
  if (config().NOTIFY_ALLOW_PRIVATE_HOSTS) return;
  const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const reason = host === "localhost" || host.endsWith(".localhost") ? "loopback" : isIP(host) !== 0 ? forbiddenReason(host) : null;
  if (reason) {
    throw new ApiError("invalid_request", "url_not_allowed", `url must not point at a ${reason} address: webhooks are only sent to public hosts.`, {
      status: 422,
      param: "url",
    });
  }
}

export function getEndpointOrThrow(owner: Owner, id: string): Promise<EndpointRow> {
  return getOwnedOrThrow(webhookEndpoints, owner, id, "webhook endpoint");
}

export async function createEndpoint(owner: Owner, input: CreateWebhookEndpointInput): Promise<EndpointView> {
  assertEndpointUrlAllowed(input.url);
  const now = new Date();
  const row: EndpointRow = {
    id: newId("we"),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    url: input.url,
    description: input.description ?? null,
    enabledEvents: input.enabledEvents,
    disabled: input.disabled ?? false,
    disabledReason: input.disabled ? "merchant" : null,
    disabledAt: input.disabled ? now : null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
  await db().transaction(async (tx) => {
    // Serialises creations of one merchant and mode, so two at once cannot both pass the limit.
    await tx.execute(sql`SELECT id FROM merchants WHERE id = ${owner.merchantId} FOR UPDATE`);
    const [{ n }] = (await tx.select({ n: count() }).from(webhookEndpoints).where(ownedBy(webhookEndpoints, owner))) as [{ n: number }];
    if (n >= MAX_ENDPOINTS_PER_MODE) {
      throw new ApiError("invalid_request", "endpoint_limit_reached", `A merchant may have at most ${MAX_ENDPOINTS_PER_MODE} webhook endpoints per mode.`, { status: 422 });
    }
    await tx.insert(webhookEndpoints).values(row);
  });
  await invalidateEndpointTargets(owner);
  return endpointView(row);
}

export async function listEndpoints(owner: Owner, query: ListQuery) {
  const after = query.startingAfter ? await getOwnedOrThrow(webhookEndpoints, owner, query.startingAfter, "webhook endpoint", "startingAfter") : null;
  return keysetPage(db().select().from(webhookEndpoints).$dynamic(), webhookEndpoints, [ownedBy(webhookEndpoints, owner)], { limit: query.limit, after }, endpointView);
}

/**
 * A disabled or deleted endpoint's pending deliveries stop: they become failed (no next attempt),
 * so the relay does not keep waking them and a bulk resend can replay them once it is back.
 */
async function stopPendingDeliveries(tx: DbOrTx, endpointIds: string[], now: Date): Promise<void> {
  if (endpointIds.length === 0) return;
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", nextAttemptAt: null, updatedAt: now })
    .where(and(inArray(webhookDeliveries.endpointId, endpointIds), eq(webhookDeliveries.status, "pending")));
}

export async function updateEndpoint(owner: Owner, id: string, input: UpdateWebhookEndpointInput): Promise<EndpointView> {
  if (input.url !== undefined) assertEndpointUrlAllowed(input.url);
  const now = new Date();
  const next = await db().transaction(async (tx) => {
    const [current] = await tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), ownedBy(webhookEndpoints, owner))).for("update");
    if (!current) throw notFound("webhook endpoint", id);
    const disabling = input.disabled === true && !current.disabled;
    const enabling = input.disabled === false && current.disabled;
    const row: EndpointRow = {
      ...current,
      url: input.url ?? current.url,
      description: input.description !== undefined ? input.description : current.description,
      enabledEvents: input.enabledEvents ?? current.enabledEvents,
      disabled: input.disabled ?? current.disabled,
      disabledReason: disabling ? "merchant" : enabling ? null : current.disabledReason,
      disabledAt: disabling ? now : enabling ? null : current.disabledAt,
      // Enabling starts the failure clock afresh: the merchant says the receiver is fixed.
      failingSince: enabling ? null : current.failingSince,
      updatedAt: now,
    };
    await tx
      .update(webhookEndpoints)
      .set({
        url: row.url,
        description: row.description,
        enabledEvents: row.enabledEvents,
        disabled: row.disabled,
        disabledReason: row.disabledReason,
        disabledAt: row.disabledAt,
        failingSince: row.failingSince,
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id));
    if (disabling) await stopPendingDeliveries(tx, [id], now);
    // Retries still due go to where the endpoint is now.
    else if (row.url !== current.url) {
      await tx.update(webhookDeliveries).set({ url: row.url, updatedAt: now }).where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, "pending")));
    }
    return row;
  });
  await invalidateEndpointTargets(owner);
  return endpointView(next);
}

export async function deleteEndpoint(owner: Owner, id: string): Promise<{ id: string; object: "webhook_endpoint"; deleted: true }> {
  await getEndpointOrThrow(owner, id);
  await db().transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), ownedBy(webhookEndpoints, owner)));
    await stopPendingDeliveries(tx, [id], new Date());
  });
  await invalidateEndpointTargets(owner);
  return { id, object: "webhook_endpoint", deleted: true };
}

/** Five days of failures without a success disable an endpoint (Stripe does the same), in TIME_SCALE time. */
export const FAILING_DISABLE_MS = 5 * 24 * 3600_000;
export const failingDisableAfterMs = () => FAILING_DISABLE_MS / config().TIME_SCALE;

export type EndpointOutcome = { endpointId: string; success: boolean; at: Date };

/**
 * Keeps each endpoint's failure clock from its deliveries' attempts: a success stops it, a failure
 * starts it (if it is not running), and an endpoint whose clock has run for five days is disabled
 * with reason "failing" (the portal says so) and its pending deliveries stop. Returns the ids
 * disabled now.
 */
export async function noteEndpointOutcomes(outcomes: EndpointOutcome[], now = new Date()): Promise<string[]> {
  if (outcomes.length === 0) return [];
  const latest = new Map<string, EndpointOutcome>();
  const firstFailure = new Map<string, Date>();
  for (const o of [...outcomes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    latest.set(o.endpointId, o);
    if (o.success) firstFailure.delete(o.endpointId);
    else if (!firstFailure.has(o.endpointId)) firstFailure.set(o.endpointId, o.at);
  }
  const healthy = [...latest.values()].filter((o) => o.success).map((o) => o.endpointId);
  const failing = [...latest.values()].filter((o) => !o.success).map((o) => o.endpointId);
  const disabled = await db().transaction(async (tx) => {
    if (healthy.length > 0) {
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(and(inArray(webhookEndpoints.id, healthy), isNotNull(webhookEndpoints.failingSince)));
    }
    for (const id of failing) {
      await tx
        .update(webhookEndpoints)
        .set({ failingSince: firstFailure.get(id)! })
        .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.failingSince)));
    }
    if (failing.length === 0) return [];
    const cutoff = new Date(now.getTime() - failingDisableAfterMs());
    const due = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(inArray(webhookEndpoints.id, failing), eq(webhookEndpoints.disabled, false), lte(webhookEndpoints.failingSince, cutoff)))
      .for("update");
    const ids = due.map((d) => d.id);
    if (ids.length === 0) return [];
    await tx.update(webhookEndpoints).set({ disabled: true, disabledReason: "failing", disabledAt: now, updatedAt: now }).where(inArray(webhookEndpoints.id, ids));
    await stopPendingDeliveries(tx, ids, now);
    return ids;
  });
  // Rare (five days of failures): every merchant's cached endpoints are dropped.
  if (disabled.length > 0) await invalidateEndpointTargets();
  return disabled;
}

/** The owner's endpoints disabled for failing, for the portal's notice. */
export async function failingDisabledEndpoints(owner: Owner): Promise<Pick<EndpointRow, "id" | "url" | "disabledAt">[]> {
  return db()
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, disabledAt: webhookEndpoints.disabledAt })
    .from(webhookEndpoints)
    .where(and(ownedBy(webhookEndpoints, owner), eq(webhookEndpoints.disabled, true), eq(webhookEndpoints.disabledReason, "failing")));
}
