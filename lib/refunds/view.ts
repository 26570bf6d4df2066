import type { refunds } from "../db/schema";

export { refundStatuses as REFUND_STATUSES } from "../db/schema/refunds";

export type RefundRow = typeof refunds.$inferSelect;

export type RefundView = {
  id: string;
  object: "refund";
  livemode: boolean;
  orderId: string;
  amount: number;
  currency: string;
  reason: string | null;
  status: RefundRow["status"];
  channelRefundNo: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  createdAt: string;
  succeededAt: string | null;
};

/** The refund as docs/api.md shows it; also the `data.refund` of refund events. */
export function refundView(row: RefundRow): RefundView {
  return {
    id: row.id,
    object: "refund",
    livemode: row.livemode,
    orderId: row.orderId,
    amount: row.amountFen,
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    channelRefundNo: row.channelRefundNo,
    failureCode: row.failureCode,
    failureMessage: row.failureMessage,
    createdAt: row.createdAt.toISOString(),
    succeededAt: row.succeededAt?.toISOString() ?? null,
  };
}
