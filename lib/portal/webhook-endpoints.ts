import { and, count, gte, inArray } from "drizzle-orm";
import { db } from "../db/client";
import { webhookDeliveries } from "../db/schema";
import type { Owner } from "../owner";
import { ApiError } from "../api/errors";
import { msg, type Message } from "../i18n/message";
import { EVENT_TYPES } from "../events/schemas";
import {
  createEndpoint,
  deleteEndpoint,
  endpointView,
  getEndpointOrThrow,
  listEndpoints,
  updateEndpoint,
  type EndpointView,
} from "../webhook-endpoints/endpoints";
import { ALL_EVENTS, createWebhookEndpointSchema, MAX_ENDPOINTS_PER_MODE, updateWebhookEndpointSchema } from "../webhook-endpoints/schemas";
import { sendTestEvent } from "../notify/test-event";
import { fieldErrorsFromZod, type FieldErrors, type FieldSpec } from "./form-errors";

/** The event types the form offers: the one list (lib/events/schemas.ts), and "*" for all. */
export const ENDPOINT_EVENT_CHOICES = [ALL_EVENTS, ...EVENT_TYPES] as const;

/** The window of the success rate the portal shows. */
export const SUCCESS_RATE_DAYS = 7;

export type PortalEndpoint = EndpointView & { settled: number; succeeded: number; pending: number };

/**
 * The owner's endpoints (all of them: at most 16 per mode), each with its deliveries of the last
 * seven days: how many settled, how many of those succeeded, how many are still pending.
 */
export async function listPortalEndpoints(owner: Owner): Promise<PortalEndpoint[]> {
  const { data } = await listEndpoints(owner, { limit: MAX_ENDPOINTS_PER_MODE });
  if (data.length === 0) return [];
  const since = new Date(Date.now() - SUCCESS_RATE_DAYS * 24 * 3600_000);
  const rows = await db()
    .select({ endpointId: webhookDeliveries.endpointId, status: webhookDeliveries.status, n: count() })
    .from(webhookDeliveries)
    .where(and(inArray(webhookDeliveries.endpointId, data.map((e) => e.id)), gte(webhookDeliveries.createdAt, since)))
    .groupBy(webhookDeliveries.endpointId, webhookDeliveries.status);
  return data.map((e) => {
    const mine = rows.filter((r) => r.endpointId === e.id);
    const n = (s: string) => mine.filter((r) => r.status === s).reduce((a, r) => a + Number(r.n), 0);
    return { ...e, succeeded: n("succeeded"), settled: n("succeeded") + n("failed") + n("stopped"), pending: n("pending") };
  });
}

export async function getPortalEndpoint(owner: Owner, id: string): Promise<EndpointView> {
  return endpointView(await getEndpointOrThrow(owner, id));
}

const FIELDS: Record<string, FieldSpec> = {
  url: { field: "url", label: "endpoints.form.url", reasons: { invalid: "endpoints.errors.url", format: "endpoints.errors.url" } },
  enabledEvents: { field: "events", label: "endpoints.form.events", reasons: { too_small: "endpoints.errors.events", required: "endpoints.errors.events" } },
  description: { field: "description", label: "endpoints.form.description" },
};

type FormResult = { ok: true; endpoint: EndpointView } | { ok: false; fieldErrors: FieldErrors };

/** The form's fields (events are checkboxes, several values) → the API's body. */
function fromForm(raw: Record<string, string>, events: string[]) {
  return { url: (raw.url ?? "").trim(), enabledEvents: events, description: raw.description?.trim() ? raw.description.trim() : null };
}

/** The API's refusals that are about one field, said in the merchant's language. */
function refusal(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "url_not_allowed") return { url: msg("endpoints.errors.urlNotAllowed") };
  if (error.code === "endpoint_limit_reached") return { form: msg("endpoints.errors.limit", { max: MAX_ENDPOINTS_PER_MODE }) };
  return null;
}

/** Validated by the API's own schema, so the portal never stores what the API would refuse. */
export async function createEndpointFromForm(owner: Owner, raw: Record<string, string>, events: string[]): Promise<FormResult> {
  const parsed = createWebhookEndpointSchema.safeParse(fromForm(raw, events));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, FIELDS) };
  try {
    return { ok: true, endpoint: await createEndpoint(owner, parsed.data) };
  } catch (error) {
    const fieldErrors = refusal(error);
    if (fieldErrors) return { ok: false, fieldErrors };
    throw error;
  }
}

export async function updateEndpointFromForm(owner: Owner, id: string, raw: Record<string, string>, events: string[]): Promise<FormResult> {
  const parsed = updateWebhookEndpointSchema.safeParse(fromForm(raw, events));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, FIELDS) };
  try {
    return { ok: true, endpoint: await updateEndpoint(owner, id, parsed.data) };
  } catch (error) {
    const fieldErrors = refusal(error);
    if (fieldErrors) return { ok: false, fieldErrors };
    throw error;
  }
}

export const setEndpointDisabled = (owner: Owner, id: string, disabled: boolean) => updateEndpoint(owner, id, { disabled });

export const deletePortalEndpoint = (owner: Owner, id: string) => deleteEndpoint(owner, id);

/** "Send a test event": the answer in words (status and the first bytes of the body, or why nothing came back). */
export async function sendPortalTestEvent(owner: Owner, id: string): Promise<{ ok: boolean; message: Message; excerpt: string | null }> {
  const r = await sendTestEvent(owner, id);
  const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
  const message =
    r.statusCode !== null
      ? msg(ok ? "endpoints.test.accepted" : "endpoints.test.refused", { status: r.statusCode, ms: r.latencyMs })
      : msg("endpoints.test.noAnswer", { error: r.error ?? "" });
  return { ok, message, excerpt: r.excerpt ? r.excerpt.slice(0, 300) : null };
}
