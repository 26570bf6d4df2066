import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * payrelay's Prometheus metrics. Each process (the web app, each worker) keeps its own registry and
 * counts what happens in it: an order paid by a callback is counted by the web app, one paid by the
 * worker's reconciliation sweep by the worker, so summing over processes never counts one twice.
 * The registry lives on globalThis because Next may load this module more than once per process
 * (one copy per route bundle, and again on every dev reload); the counters must be one set.
 */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function create() {
  const registry = new Registry();
  registry.setDefaultLabels({ process: process.env.PAYRELAY_PROCESS === "worker" ? "worker" : "web" });
  collectDefaultMetrics({ register: registry });
  const opts = { registers: [registry] };
  return {
    registry,
    httpRequests: new Counter({
      name: "payrelay_http_requests_total",
      help: "API requests answered, by route pattern (never the raw path) and status.",
      labelNames: ["method", "route", "status"] as const,
      ...opts,
    }),
    httpDuration: new Histogram({
      name: "payrelay_http_request_duration_seconds",
      help: "Time to answer an API request, by route pattern and status.",
      labelNames: ["method", "route", "status"] as const,
      buckets: SECONDS,
      ...opts,
    }),
    ordersCreated: new Counter({ name: "payrelay_orders_created_total", help: "Orders created.", labelNames: ["channel", "mode"] as const, ...opts }),
    ordersPaid: new Counter({
      name: "payrelay_orders_paid_total",
      help: "Orders that became paid (once each, however many callbacks and queries said so).",
      labelNames: ["channel", "mode", "after_close"] as const,
      ...opts,
    }),
    paidAmount: new Counter({
      name: "payrelay_orders_paid_amount_fen_total",
      help: "Sum of the amounts of orders that became paid, in fen.",
      labelNames: ["channel", "mode"] as const,
      ...opts,
    }),
    callbacks: new Counter({
      name: "payrelay_channel_callbacks_total",
      help: "Inbound channel notifications, by provider and verification result (applied, duplicate, paid_after_close, ignored, rejected, unverified, unknown_account).",
      labelNames: ["provider", "result"] as const,
      ...opts,
    }),
    webhookAttempts: new Counter({
      name: "payrelay_webhook_attempts_total",
      help: "Webhook delivery attempts, by trigger (automatic, resend) and outcome (success, http_error, network_error).",
      labelNames: ["trigger", "outcome"] as const,
      ...opts,
    }),
    webhookDuration: new Histogram({
      name: "payrelay_webhook_attempt_duration_seconds",
      help: "Time from sending a webhook to the receiver's answer (or the error).",
      labelNames: ["trigger", "outcome"] as const,
      buckets: SECONDS,
      ...opts,
    }),
    webhookSettled: new Counter({
      name: "payrelay_webhook_deliveries_settled_total",
      help: "Deliveries the automatic schedule brought to a final state: succeeded, failed (schedule exhausted) or stopped (410).",
      labelNames: ["status"] as const,
      ...opts,
    }),
    sweepRuns: new Counter({ name: "payrelay_sweep_runs_total", help: "Sweep passes, by sweep and result (ok, error).", labelNames: ["sweep", "result"] as const, ...opts }),
    sweepOrders: new Counter({
      name: "payrelay_sweep_items_total",
      help: "What sweeps did, by sweep and result (orders-expire: closed, paid, failed; orders-reconcile: checked, paid; sandbox-expire: expired).",
      labelNames: ["sweep", "result"] as const,
      ...opts,
    }),
    sweepDuration: new Histogram({ name: "payrelay_sweep_duration_seconds", help: "Time one sweep pass took.", labelNames: ["sweep"] as const, buckets: SECONDS, ...opts }),
    sweepLastSuccess: new Gauge({
      name: "payrelay_sweep_last_success_timestamp_seconds",
      help: "When each sweep last completed (unix seconds): alert when it falls behind.",
      labelNames: ["sweep"] as const,
      ...opts,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const KEY = Symbol.for("payrelay.metrics");

export function metrics(): Metrics {
  const holder = globalThis as typeof globalThis & { [KEY]?: Metrics };
  return (holder[KEY] ??= create());
}

const mode = (livemode: boolean) => (livemode ? "live" : "test");

/** The route wrapper's one call per answered request. */
export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  metrics().httpRequests.inc(labels);
  metrics().httpDuration.observe(labels, seconds);
}

/**
 * The route pattern of a request: each path segment that carries a route parameter becomes
 * `{name}`, so ids never become label values (one time series per route, not per order). A
 * parameter that cannot be placed gives "unmatched" rather than a label with an id in it.
 */
export function routePattern(pathname: string, params: Record<string, string | string[]> | undefined): string {
  const segments = pathname.split("/");
  for (const [name, raw] of Object.entries(params ?? {})) {
    if (Array.isArray(raw)) {
      // A catch-all: its segments are the tail of the path.
      const start = segments.length - raw.length;
      if (start <= 0) return "unmatched";
      segments.splice(start, raw.length, `{${name}}`);
      continue;
    }
    // Scanned from the end: a parameter follows the static segment that names its collection.
    let placed = false;
    for (let i = segments.length - 1; i > 0 && !placed; i--) {
      if (segments[i] === raw || safeDecode(segments[i]!) === raw) {
        segments[i] = `{${name}}`;
        placed = true;
      }
    }
    if (!placed) return "unmatched";
  }
  return segments.join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function countOrderCreated(channel: string, livemode: boolean): void {
  metrics().ordersCreated.inc({ channel, mode: mode(livemode) });
}

export function countOrderPaid(order: { channel: string; livemode: boolean; amountFen: number }, afterClose: boolean): void {
  metrics().ordersPaid.inc({ channel: order.channel, mode: mode(order.livemode), after_close: String(afterClose) });
  metrics().paidAmount.inc({ channel: order.channel, mode: mode(order.livemode) }, order.amountFen);
}

export function countCallback(provider: string, result: string): void {
  metrics().callbacks.inc({ provider, result });
}

/**
 * Every webhook attempt, automatic or resend: its outcome and latency, and for an automatic attempt
 * that ends its delivery's schedule, the final state (a resend leaves the schedule as it was).
 */
export function observeWebhookAttempt(
  trigger: "automatic" | "resend",
  attempt: { statusCode: number | null; latencyMs: number | null },
  deliveryStatus: string,
): void {
  const outcome =
    attempt.statusCode === null ? "network_error" : attempt.statusCode >= 200 && attempt.statusCode < 300 ? "success" : "http_error";
  metrics().webhookAttempts.inc({ trigger, outcome });
  if (attempt.latencyMs !== null) metrics().webhookDuration.observe({ trigger, outcome }, attempt.latencyMs / 1000);
  if (trigger === "automatic" && deliveryStatus !== "pending") metrics().webhookSettled.inc({ status: deliveryStatus });
}

/** Runs one sweep pass and records it: duration, ok/error, and each number of its tally. */
export async function observeSweep<T extends Record<string, number>>(sweep: string, run: () => Promise<T>): Promise<T> {
  const stop = metrics().sweepDuration.startTimer({ sweep });
  try {
    const tally = await run();
    for (const [result, n] of Object.entries(tally)) if (n > 0) metrics().sweepOrders.inc({ sweep, result }, n);
    metrics().sweepRuns.inc({ sweep, result: "ok" });
    metrics().sweepLastSuccess.set({ sweep }, Date.now() / 1000);
    return tally;
  } catch (error) {
    metrics().sweepRuns.inc({ sweep, result: "error" });
    throw error;
  } finally {
    stop();
  }
}
