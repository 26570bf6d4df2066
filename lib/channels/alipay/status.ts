import type { ChannelTradeStatus } from "../types";

/**
 * Alipay trade_status → ours. TRADE_FINISHED is paid too (paid, refund window over).
 * TRADE_CLOSED also covers a paid trade that was fully refunded; we issue no refunds, so for us it
 * is an unpaid trade that timed out or was closed.
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
