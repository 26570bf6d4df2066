import type { ChannelTradeStatus } from "../types";

/**
 * Alipay trade_status → ours. TRADE_FINISHED is paid too (paid, refund window over).
 * TRADE_CLOSED also covers a paid trade that was fully refunded: a notification saying so carries
 * refund_fee / gmt_refund and is read as a refund (notification.ts), and a paid order is never
 * queried again, so here it is an unpaid trade that timed out or was closed.
 */
const STATUS: Record<string, Exclude<ChannelTradeStatus, "not_found">> = {
  WAIT_BUYER_PAY: "pending",
  TRADE_SUCCESS: "paid",
  TRADE_FINISHED: "paid",
  TRADE_CLOSED: "closed",
};

export function alipayTradeStatus(value: unknown): Exclude<ChannelTradeStatus, "not_found"> | undefined {
  return typeof value === "string" ? STATUS[value] : undefined;
}
