import { mysqlTable, varchar, datetime, int, char, mysqlEnum, index, uniqueIndex, boolean, json } from "drizzle-orm/mysql-core";
import { merchants } from "./merchants";

/**
 * A merchant's webhook endpoint (per mode): a URL that receives every event type it subscribes to,
 * beside the goods' notify URLs. `failingSince` is when its deliveries started failing without a
 * success since; past five days (divided by TIME_SCALE) it is disabled with reason "failing" and the
 * portal tells the merchant.
 */
export const webhookEndpoints = mysqlTable(
  "webhook_endpoints",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    merchantId: varchar("merchant_id", { length: 48 })
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    url: varchar("url", { length: 2048 }).notNull(),
    description: varchar("description", { length: 512 }),
    /** Event types (lib/events/schemas.ts EVENT_TYPES) or ["*"] for all. */
    enabledEvents: json("enabled_events").$type<string[]>().notNull(),
    disabled: boolean("disabled").notNull().default(false),
    /** null while enabled; "merchant" (API or portal) or "failing" (five days of failed deliveries). */
    disabledReason: mysqlEnum("disabled_reason", ["merchant", "failing"]),
    disabledAt: datetime("disabled_at", { mode: "date", fsp: 3 }),
    failingSince: datetime("failing_since", { mode: "date", fsp: 3 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [index("webhook_endpoints_merchant_mode_created").on(t.merchantId, t.livemode, t.createdAt, t.id)],
);

/**
 * One delivery per (event, target): the goods' notify URL for that event type at the time the event
 * was written, or a webhook endpoint subscribed to the type. Its attempts are the history the
 * merchant sees in the portal and the API.
 */
export const webhookDeliveries = mysqlTable(
  "webhook_deliveries",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    eventId: varchar("event_id", { length: 48 }).notNull(),
    merchantId: varchar("merchant_id", { length: 48 }).notNull(),
    url: varchar("url", { length: 2048 }).notNull(),
    /** The webhook endpoint this delivery goes to; null for the goods' notify URL. */
    endpointId: varchar("endpoint_id", { length: 48 }),
    /**
     * SHA-256 (hex) of the target (lib/events/targets.ts targetKey: the URL for a goods' notify URL,
     * the endpoint id for an endpoint): makes (event, target) unique without indexing a 2 KiB column.
     */
    urlHash: char("url_hash", { length: 64 }).notNull(),
    /** pending: will be (re)tried; succeeded: a 2xx; failed: schedule exhausted; stopped: 410 Gone. */
    status: mysqlEnum("status", ["pending", "succeeded", "failed", "stopped"]).notNull().default("pending"),
    attemptCount: int("attempt_count").notNull().default(0),
    nextAttemptAt: datetime("next_attempt_at", { mode: "date", fsp: 3 }),
    lastAttemptAt: datetime("last_attempt_at", { mode: "date", fsp: 3 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_url").on(t.eventId, t.urlHash),
    index("webhook_deliveries_merchant_status").on(t.merchantId, t.status, t.createdAt),
    // The notify relay's scan for due deliveries nobody is working on (lib/notify/relay.ts).
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    // An endpoint's recent success rate, and its pending deliveries when it is disabled.
    index("webhook_deliveries_endpoint").on(t.endpointId, t.status, t.createdAt),
  ],
);

export const webhookAttempts = mysqlTable(
  "webhook_attempts",
  {
    id: varchar("id", { length: 48 }).primaryKey(),
    deliveryId: varchar("delivery_id", { length: 48 }).notNull(),
    eventId: varchar("event_id", { length: 48 }).notNull(),
    /** automatic (the schedule) or resend (asked for by the merchant). */
    trigger: mysqlEnum("trigger", ["automatic", "resend"]).notNull(),
    at: datetime("at", { mode: "date", fsp: 3 }).notNull(),
    statusCode: int("status_code"),
    latencyMs: int("latency_ms"),
    /** The first 1 KiB of the response body. */
    responseExcerpt: varchar("response_excerpt", { length: 1024 }),
    error: varchar("error", { length: 512 }),
  },
  (t) => [index("webhook_attempts_delivery").on(t.deliveryId, t.at), index("webhook_attempts_event").on(t.eventId, t.at)],
);
