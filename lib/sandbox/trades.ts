import { randomBytes, randomUUID } from "node:crypto";
import { newAlipayUserId, newWechatOpenid } from "./keys";
import { UNPAID_STATUSES, type SandboxProvider, type SandboxStore, type SandboxTrade, type SandboxTradeStatus } from "./store";

/**
 * Trade state transitions of the sandbox, as functions over the store. Each returns the trade after
 * the transition and the notifications the provider would send because of it; a queue delivers
 * those later (see `retrySchedule` / `isAcknowledged` for its rules). Every write is a
 * compare-and-set on the status, so a double click on "Pay" and a concurrent close cannot both win.
 */

/** A notification to deliver: the queue loads the trade and builds the signed request at send time. */
export interface NotificationIntent {
  provider: SandboxProvider;
  tradeId: string;
  /**
   * Alipay notify_id / WeChat event id. It stays the same across retries of one notification, and a
   * duplicate delivery (`notify_twice`) reuses it, as the providers' own duplicates do.
   */
  notificationId: string;
  /** Seconds to wait before the first attempt. */
  delaySeconds: number;
  /** Set for a refund's notification (WeChat REFUND.*, Alipay's refund-triggered trade_status_sync). */
  refundId?: string;
}

export interface TransitionResult {
  trade: SandboxTrade;
  /** False when the trade was already in the target state (idempotent repeat). */
  changed: boolean;
  notifications: NotificationIntent[];
}

export type CashierOutcome =
  | { kind: "pay" }
  | { kind: "cancel" }
  | { kind: "pay_no_notify" }
  | { kind: "notify_twice" }
  | { kind: "notify_delayed"; delaySeconds: number }
  | { kind: "reject" };

export type SandboxTradeErrorCode = "trade_not_found" | "trade_paid" | "trade_closed";

export class SandboxTradeError extends Error {
  constructor(
    readonly code: SandboxTradeErrorCode,
    readonly trade: SandboxTrade | null,
  ) {
    super(code);
    this.name = "SandboxTradeError";
  }
}

const PAID: Record<SandboxProvider, SandboxTradeStatus> = { alipay: "TRADE_SUCCESS", wechatpay: "SUCCESS" };
const CLOSED: Record<SandboxProvider, SandboxTradeStatus> = { alipay: "TRADE_CLOSED", wechatpay: "CLOSED" };

/** Paid (WeChat's REFUND is a paid trade that was then fully refunded). */
export function isPaid(trade: SandboxTrade): boolean {
  return trade.status === "TRADE_SUCCESS" || trade.status === "TRADE_FINISHED" || trade.status === "SUCCESS" || trade.status === "REFUND";
}

export function isClosed(trade: SandboxTrade): boolean {
  return trade.status === "TRADE_CLOSED" || trade.status === "CLOSED";
}

export function isUnpaid(trade: SandboxTrade): boolean {
  return UNPAID_STATUSES.includes(trade.status);
}

/** Whether the provider would report this trade at all (Alipay: only once the buyer opened the cashier). */
export function isVisible(trade: SandboxTrade): boolean {
  return trade.provider === "wechatpay" || trade.openedAt !== null;
}

export function newNotificationId(provider: SandboxProvider): string {
  // Alipay notify_ids are long opaque hex strings; WeChat event ids are UUIDs.
  return provider === "alipay" ? randomBytes(16).toString("hex") : randomUUID();
}

function intent(trade: SandboxTrade, delaySeconds: number, notificationId = newNotificationId(trade.provider)): NotificationIntent {
  return { provider: trade.provider, tradeId: trade.id, notificationId, delaySeconds };
}

export async function getTradeOrThrow(store: SandboxStore, tradeId: string): Promise<SandboxTrade> {
  const trade = await store.getTrade(tradeId);
  if (!trade) throw new SandboxTradeError("trade_not_found", null);
  return trade;
}

/**
 * Alipay's wap pay notifies TRADE_CLOSED for a trade that existed (buyer opened it) and timed out;
 * page pay and face-to-face notify only TRADE_SUCCESS by default; WeChat never notifies a close.
 */
function closeNotifications(trade: SandboxTrade): NotificationIntent[] {
  return trade.provider === "alipay" && trade.tradeType === "WAP" && trade.openedAt !== null && trade.notifyUrl ? [intent(trade, 0)] : [];
}

/**
 * Closes an unpaid trade whose time_expire has passed. Called by the expiry sweep and lazily by
 * every read, so a query never reports a trade as payable after its deadline.
 */
export async function expireIfDue(store: SandboxStore, trade: SandboxTrade, now: Date): Promise<TransitionResult> {
  if (!isUnpaid(trade) || trade.timeExpire.getTime() > now.getTime()) return { trade, changed: false, notifications: [] };
  const closed = await store.updateTrade(trade.id, UNPAID_STATUSES, { status: CLOSED[trade.provider], closedAt: now });
  if (!closed) return { trade: await getTradeOrThrow(store, trade.id), changed: false, notifications: [] };
  return { trade: closed, changed: true, notifications: closeNotifications(closed) };
}

/** The sweep: closes every overdue unpaid trade; returns what changed. */
export async function expireDueTrades(store: SandboxStore, now: Date, limit = 100): Promise<TransitionResult[]> {
  const due = await store.listExpiredOpenTrades(now, limit);
  const results = await Promise.all(due.map((t) => expireIfDue(store, t, now)));
  return results.filter((r) => r.changed);
}

/**
 * The buyer opened the cashier page. For Alipay this is when the trade comes into existence
 * (query stops answering ACQ.TRADE_NOT_EXIST). Refuses trades that can no longer be paid.
 */
export async function openCashier(store: SandboxStore, tradeId: string, now: Date): Promise<TransitionResult> {
  const expired = await expireIfDue(store, await getTradeOrThrow(store, tradeId), now);
  const trade = expired.trade;
  if (isPaid(trade)) throw new SandboxTradeError("trade_paid", trade);
  if (isClosed(trade)) throw new SandboxTradeError("trade_closed", trade);
  if (trade.openedAt) return { trade, changed: false, notifications: [] };
  const opened = await store.updateTrade(trade.id, UNPAID_STATUSES, { openedAt: now });
  return { trade: opened ?? (await getTradeOrThrow(store, tradeId)), changed: opened !== null, notifications: [] };
}

/** Marks the trade paid; no notifications (the outcome decides those). Paying twice is a no-op. */
async function markPaid(store: SandboxStore, tradeId: string, now: Date): Promise<TransitionResult> {
  const { trade } = await openCashier(store, tradeId, now).catch((err: unknown) => {
    if (err instanceof SandboxTradeError && err.code === "trade_paid" && err.trade) return { trade: err.trade };
    throw err;
  });
  if (isPaid(trade)) return { trade, changed: false, notifications: [] };
  const paid = await store.updateTrade(trade.id, UNPAID_STATUSES, {
    status: PAID[trade.provider],
    paidAt: now,
    buyerId: trade.provider === "alipay" ? newAlipayUserId() : null,
    // h5 buyers are not known to the merchant in advance; WeChat still reports an openid.
    payerOpenid: trade.provider === "wechatpay" ? (trade.payerOpenid ?? newWechatOpenid()) : null,
  });
  if (paid) return { trade: paid, changed: true, notifications: [] };
  // Lost a race: someone closed or paid it in between.
  const current = await getTradeOrThrow(store, tradeId);
  if (isPaid(current)) return { trade: current, changed: false, notifications: [] };
  throw new SandboxTradeError("trade_closed", current);
}

function paidNotifications(trade: SandboxTrade, outcome: CashierOutcome): NotificationIntent[] {
  if (!trade.notifyUrl) return [];
  switch (outcome.kind) {
    case "pay":
      return [intent(trade, 0)];
    case "notify_twice": {
      // The providers do deliver duplicates (WeChat sometimes within a second, on another path).
      const first = intent(trade, 0);
      return [first, { ...first, delaySeconds: 1 }];
    }
    case "notify_delayed":
      return [intent(trade, Math.max(0, Math.floor(outcome.delaySeconds)))];
    default:
      return [];
  }
}

/**
 * A payment attempt that fails (bank declined, insufficient balance). Alipay leaves the trade
 * waiting so the buyer can try again; WeChat reports PAYERROR. Neither notifies.
 */
async function rejectPayment(store: SandboxStore, tradeId: string, now: Date): Promise<TransitionResult> {
  const { trade } = await openCashier(store, tradeId, now);
  if (trade.provider === "alipay" || trade.status === "PAYERROR") return { trade, changed: false, notifications: [] };
  const rejected = await store.updateTrade(trade.id, ["NOTPAY"], { status: "PAYERROR" });
  return { trade: rejected ?? (await getTradeOrThrow(store, tradeId)), changed: rejected !== null, notifications: [] };
}

/** What the cashier page's buttons do. */
export async function applyCashierOutcome(
  store: SandboxStore,
  tradeId: string,
  outcome: CashierOutcome,
  now: Date,
): Promise<TransitionResult> {
  switch (outcome.kind) {
    case "cancel": {
      // The buyer backs out: nothing changes at the provider; the trade stays payable until it expires.
      const { trade } = await openCashier(store, tradeId, now);
      return { trade, changed: false, notifications: [] };
    }
    case "reject":
      return rejectPayment(store, tradeId, now);
    default: {
      const result = await markPaid(store, tradeId, now);
      return { ...result, notifications: result.changed ? paidNotifications(result.trade, outcome) : [] };
    }
  }
}

/**
 * Merchant-initiated close (alipay.trade.close, WeChat …/close). Closing a closed trade is a no-op;
 * a paid trade cannot be closed.
 */
export async function closeTrade(store: SandboxStore, trade: SandboxTrade, now: Date): Promise<TransitionResult> {
  const current = (await expireIfDue(store, trade, now)).trade;
  if (isPaid(current)) throw new SandboxTradeError("trade_paid", current);
  if (isClosed(current)) return { trade: current, changed: false, notifications: [] };
  const closed = await store.updateTrade(current.id, UNPAID_STATUSES, { status: CLOSED[current.provider], closedAt: now });
  if (closed) return { trade: closed, changed: true, notifications: [] };
  return closeTrade(store, await getTradeOrThrow(store, current.id), now);
}

/**
 * Retry intervals in seconds after the first attempt, per the providers' documentation:
 * Alipay 4m 10m 10m 1h 2h 6h 15h (8 notifications in ~25 h);
 * WeChat 15s 15s 30s 3m 10m 20m 30m 30m 30m 60m 3h 3h 3h 6h 6h (~24 h).
 */
const RETRY_SCHEDULES: Record<SandboxProvider, readonly number[]> = {
  alipay: [240, 600, 600, 3600, 7200, 21600, 54000],
  wechatpay: [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600],
};

export function retrySchedule(provider: SandboxProvider): readonly number[] {
  return RETRY_SCHEDULES[provider];
}

/**
 * Delay before the next attempt after `attemptsMade` failed attempts (1 = the first one failed),
 * divided by `timeScale` (tests run the schedule fast); null when the provider gives up.
 */
export function nextRetryDelayMs(provider: SandboxProvider, attemptsMade: number, timeScale = 1): number | null {
  const seconds = RETRY_SCHEDULES[provider][attemptsMade - 1];
  return seconds === undefined ? null : Math.max(1, Math.round((seconds * 1000) / timeScale));
}

/**
 * Did the merchant acknowledge the notification?
 * Alipay retries until it reads exactly "success" (7 bytes, nothing around it) in a 2xx answer;
 * a redirect, a timeout or "success\n" all mean "send again".
 * WeChat looks only at the status: any 2xx, whatever the body (even {"code":"FAIL"}).
 */
export function isAcknowledged(provider: SandboxProvider, status: number, body: string): boolean {
  if (provider === "alipay") return status >= 200 && status < 300 && body === "success";
  return status >= 200 && status < 300;
}
