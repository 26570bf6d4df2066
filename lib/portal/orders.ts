import { z } from "zod";
import { eq, gte, lt, sql } from "drizzle-orm";
import { supersededOrder } from "./superseded";
import { db } from "../db/client";
import { channelCallbacks, checkoutSessions, goods, orders } from "../db/schema";
import { keysetPage } from "../api/pagination";
import { CHANNEL_IDS, type ChannelId } from "../channels";
import { getOrderOrThrow, orderFilters } from "../orders/get-orders";
import { orderHistory, type DeliveryWithAttempts } from "../orders/history";
import { ORDER_STATUSES, orderView, type OrderView } from "../orders/view";
import { findOwned, type Owner } from "../owner";
import { explainDeliveryError } from "./delivery-errors";
import { msg, type Message, type MessageKey } from "../i18n/message";
import { beijingDayStart, DAY_MS } from "./time";
import { formatFen } from "../money";
import { refundsOfOrder } from "../refunds/get-refunds";
import { refundView, type RefundView } from "../refunds/view";

const blankIsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const day = z.preprocess(blankIsUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => beijingDayStart(v) !== null).optional());

/** The orders list's query string. Unknown or malformed values are dropped, never an error page. */
export const orderFiltersSchema = z.object({
  status: z.preprocess(blankIsUndefined, z.enum(ORDER_STATUSES).optional()).catch(undefined),
  channel: z.preprocess(blankIsUndefined, z.enum(CHANNEL_IDS as [ChannelId, ...ChannelId[]]).optional()).catch(undefined),
  goodsId: z.preprocess(blankIsUndefined, z.string().trim().max(64).optional()).catch(undefined),
  buyerId: z.preprocess(blankIsUndefined, z.string().trim().max(128).optional()).catch(undefined),
  /** Beijing days, inclusive. */
  from: day.catch(undefined),
  to: day.catch(undefined),
  startingAfter: z.preprocess(blankIsUndefined, z.string().max(64).optional()).catch(undefined),
});
export type OrderFilters = z.infer<typeof orderFiltersSchema>;

export function parseOrderFilters(searchParams: Record<string, string | string[] | undefined>): OrderFilters {
  const flat = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return orderFiltersSchema.parse(flat);
}

export type PortalOrder = OrderView & {
  goodsName: string | null;
  /** The checkout session it was made for, if any. */
  checkoutSessionId?: string | null;
  /** Closed because its buyer moved on within the session (lib/portal/superseded.ts), not a failed payment. */
  superseded?: boolean;
};

/** One page of the owner's orders, newest first, keyset-paged like the API. */
export async function listPortalOrders(owner: Owner, filters: OrderFilters, limit = 25): Promise<{ data: PortalOrder[]; hasMore: boolean }> {
  // A cursor that is not the owner's is ignored (first page), like any other bad filter value.
  const after = filters.startingAfter ? await findOwned(orders, owner, filters.startingAfter) : null;
  const where = [
    ...orderFilters(owner, filters),
    filters.from ? gte(orders.createdAt, beijingDayStart(filters.from)!) : undefined,
    filters.to ? lt(orders.createdAt, new Date(beijingDayStart(filters.to)!.getTime() + DAY_MS)) : undefined,
  ];
  const select = db()
    .select({ order: orders, goodsName: goods.name, superseded: sql<number>`(${supersededOrder()})` })
    .from(orders)
    .leftJoin(goods, eq(goods.id, orders.goodsId))
    .$dynamic();
  return keysetPage(select, orders, where, { limit, after }, (r) => ({
    ...orderView(r.order),
    goodsName: r.goodsName,
    checkoutSessionId: r.order.checkoutSessionId,
    superseded: Number(r.superseded) === 1,
  }));
}

export type TimelineEntry = {
  at: Date;
  kind: "created" | "channel_request" | "callback" | "status" | "event" | "attempt" | "refund";
  title: Message;
  /** Shown joined with " · ": words as messages, data (ids, URLs, a channel's own answer) as is. */
  detail: (Message | string)[];
  tone: "neutral" | "good" | "bad" | "warn";
};

export type { DeliveryWithAttempts } from "../orders/history";
export type EventWithDeliveries = { id: string; type: string; createdAt: Date; deliveries: DeliveryWithAttempts[] };

export type OrderDetail = {
  order: PortalOrder;
  /** Its refunds, oldest first. */
  refunds: RefundView[];
  /** What can still be refunded (fen): the amount less every refund that has not failed. 0 unless paid. */
  refundable: number;
  timeline: TimelineEntry[];
  events: EventWithDeliveries[];
  callbacks: (typeof channelCallbacks.$inferSelect)[];
  /** A second payment of its checkout session: the session and the order that paid it first. */
  duplicateOf: { sessionId: string; paidOrderId: string | null } | null;
};

const OPERATION: Record<string, MessageKey> = {
  create: "timeline.request.create",
  query: "timeline.request.query",
  close: "timeline.request.close",
  refund: "timeline.request.refund",
  refund_query: "timeline.request.refund_query",
};
const CALLBACK_OUTCOME: Record<string, MessageKey> = {
  applied: "timeline.callbackOutcome.applied",
  duplicate: "timeline.callbackOutcome.duplicate",
  paid_after_close: "timeline.callbackOutcome.paidAfterClose",
  rejected: "timeline.callbackOutcome.rejected",
  unverified: "timeline.callbackOutcome.unverified",
};
/**
 * When payrelay learnt that the order was paid, if that was after the payment time it records: the
 * callback that applied it, else the first query that answered "paid". Null when neither is later.
 */
function paidCauseAt(paidAt: Date, callbacks: { outcome: string; receivedAt: Date }[], requests: { operation: string; ok: boolean; result: string | null; at: Date }[]): Date | null {
  const earliest = (times: Date[]) => {
    const after = times.filter((at) => at.getTime() >= paidAt.getTime());
    return after.length === 0 ? null : new Date(Math.min(...after.map((t) => t.getTime())));
  };
  // A callback that says it applied the transition is the cause, even if a query that raced it was
  // recorded first (a callback is recorded once handled, a query as soon as the channel answered).
  return (
    earliest(callbacks.filter((c) => c.outcome === "applied" || c.outcome === "paid_after_close").map((c) => c.receivedAt)) ??
    earliest(requests.filter((r) => r.operation === "query" && r.ok && r.result === "paid").map((r) => r.at))
  );
}

/** A channel id as its name ("支付宝 H5"); an id this build does not know stays as stored. */
export const channelName = (channel: string): Message | string =>
  (CHANNEL_IDS as readonly string[]).includes(channel) ? msg(`labels.channel.${channel as ChannelId}`) : channel;
const ms = (n: number | null) => (n === null ? null : msg("timeline.ms", { ms: n }));
const present = <T>(parts: (T | null | undefined | "")[]): T[] => parts.filter((p): p is T => p !== null && p !== undefined && p !== "");

/**
 * An order and everything that happened to it, oldest first: creation, each call to the channel,
 * each callback received (verified or not), the status changes, the events and every delivery attempt.
 */
export async function getOrderDetail(owner: Owner, orderId: string): Promise<OrderDetail> {
  const row = await getOrderOrThrow(owner, orderId);
  const [[goodsRow], history, refundRows, [sessionRow]] = await Promise.all([
    db().select({ name: goods.name }).from(goods).where(eq(goods.id, row.goodsId)).limit(1),
    orderHistory(row),
    refundsOfOrder(row.id),
    row.duplicatePayment && row.checkoutSessionId
      ? db().select({ id: checkoutSessions.id, paidOrderId: checkoutSessions.paidOrderId }).from(checkoutSessions).where(eq(checkoutSessions.id, row.checkoutSessionId)).limit(1)
      : Promise.resolve([]),
  ]);
  const { requests, callbacks } = history;
  const eventList: EventWithDeliveries[] = history.events.map((e) => ({ id: e.id, type: e.type, createdAt: e.createdAt, deliveries: e.deliveries }));

  const timeline: TimelineEntry[] = [
    { at: row.createdAt, kind: "created", title: msg("timeline.created"), detail: [msg("timeline.createdDetail", { channel: channelName(row.channel), buyer: row.buyerId })], tone: "neutral" },
  ];
  for (const r of requests) {
    const operation = OPERATION[r.operation];
    timeline.push({
      at: r.at,
      kind: "channel_request",
      title: operation ? msg(operation) : msg("timeline.request.other", { operation: r.operation }),
      detail: present<Message | string>([msg(r.ok ? "timeline.ok" : "timeline.failed"), r.result, r.message, ms(r.durationMs)]),
      tone: r.ok ? "neutral" : "bad",
    });
  }
  for (const c of callbacks) {
    const outcome = CALLBACK_OUTCOME[c.outcome];
    timeline.push({
      at: c.receivedAt,
      kind: "callback",
      title: msg("timeline.callback", { provider: c.provider }),
      detail: present<Message | string>([outcome ? msg(outcome) : c.outcome, c.reason]),
      tone: c.verified && c.outcome !== "rejected" ? "good" : "bad",
    });
  }
  // "paid" carries the channel's payment time, which comes before the callback (or query) that told
  // us. It is listed right after what caused it, so the page reads cause → effect.
  const paidEntry = row.paidAt ? timeline.push({ at: row.paidAt, kind: "status", title: msg(row.paidAfterClose ? "timeline.paidAfterClose" : "timeline.paid"), detail: [], tone: "good" }) - 1 : -1;
  const paidCause = row.paidAt ? paidCauseAt(row.paidAt, callbacks, requests) : null;
  if (row.closedAt) {
    timeline.push({
      at: row.closedAt,
      kind: "status",
      title: msg("timeline.closed"),
      detail: row.failureCode ? [`${row.failureCode}: ${row.failureMessage ?? ""}`] : [],
      tone: "warn",
    });
  }
  for (const r of refundRows) {
    const amount = formatFen(r.amountFen);
    timeline.push({ at: r.createdAt, kind: "refund", title: msg("timeline.refund", { amount, status: "pending" }), detail: present<Message | string>([r.id, r.reason]), tone: "neutral" });
    if (r.succeededAt) timeline.push({ at: r.succeededAt, kind: "refund", title: msg("timeline.refund", { amount, status: "succeeded" }), detail: present<Message | string>([r.id, r.channelRefundNo]), tone: "good" });
    if (r.status === "failed") {
      timeline.push({
        at: r.failedAt ?? r.createdAt,
        kind: "refund",
        title: msg("timeline.refund", { amount, status: "failed" }),
        detail: present<Message | string>([r.id, r.failureCode ? `${r.failureCode}: ${r.failureMessage ?? ""}` : null]),
        tone: "bad",
      });
    }
  }
  for (const e of eventList) {
    timeline.push({
      at: e.createdAt,
      kind: "event",
      title: msg("timeline.event", { type: e.type }),
      detail: [e.id, e.deliveries.length === 0 ? msg("timeline.noNotifyUrl") : msg("timeline.deliveries", { count: e.deliveries.length })],
      tone: "neutral",
    });
    for (const d of e.deliveries) {
      for (const a of d.attempts) {
        const ok = a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;
        timeline.push({
          at: a.at,
          kind: "attempt",
          title: msg("timeline.attempt", { type: e.type, result: ok ? "ok" : "failed", trigger: a.trigger }),
          detail: present<Message | string>([d.url, a.statusCode !== null ? msg("common.http", { status: a.statusCode }) : null, explainDeliveryError(a.error), ms(a.latencyMs)]),
          tone: ok ? "good" : "bad",
        });
      }
    }
  }
  // Same-instant entries keep the order they were pushed in (creation before its channel call, etc.).
  // order.paid is made by the transition, so it follows "paid" wherever that is listed.
  const after = (at: Date, floor: Date | null) => (floor && floor.getTime() > at.getTime() ? floor : at);
  const indexed = timeline.map((t, i) => ({
    t,
    i,
    sortAt: i === paidEntry && paidCause ? paidCause : t.kind === "event" && t.title.values?.type === "order.paid" ? after(t.at, paidCause) : t.at,
  }));
  indexed.sort((a, b) => a.sortAt.getTime() - b.sortAt.getTime() || a.i - b.i);

  return {
    order: { ...orderView(row), goodsName: goodsRow?.name ?? null },
    refunds: refundRows.map(refundView),
    refundable: row.status === "paid" ? Math.max(0, row.amountFen - row.refundReservedFen) : 0,
    timeline: indexed.map((x) => x.t),
    events: eventList,
    callbacks,
    duplicateOf: row.duplicatePayment && row.checkoutSessionId ? { sessionId: row.checkoutSessionId, paidOrderId: sessionRow?.paidOrderId ?? null } : null,
  };
}
