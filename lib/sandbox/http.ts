import type { NotificationIntent } from "./trades";

/** What the route handlers pass to the emulators. */
export interface SandboxHandlerOptions {
  /** Origin (and optional path prefix) of the payrelay app; the cashier is `${cashierBase}/sandbox/pay/{id}`. */
  cashierBase: string;
  now?: Date;
  /**
   * Receives notifications caused as a side effect of a request (a query or order call that finds
   * an overdue trade closes it, and Alipay notifies TRADE_CLOSED). Without it they are dropped.
   */
  enqueue?: (notifications: NotificationIntent[]) => Promise<void>;
}

export function cashierUrl(cashierBase: string, tradeId: string): string {
  return `${cashierBase.replace(/\/+$/, "")}/sandbox/pay/${tradeId}`;
}
