import type { orders } from "../db/schema";
import { nextAction, type NextAction } from "../channels";

export { orderStatuses as ORDER_STATUSES } from "../db/schema/orders";

export type OrderRow = typeof orders.$inferSelect;

export type OrderView = {
  id: string;
  object: "order";
  livemode: boolean;
  status: OrderRow["status"];
  goodsId: string;
  quantity: number;
  amount: number;
  currency: string;
  channel: string;
  buyerId: string;
  attach: string | null;
  channelTradeNo: string | null;
  payParams: Record<string, string> | null;
  paidAfterClose: boolean;
  duplicatePayment: boolean;
  amountRefunded: number;
  failure: { code: string; message: string } | null;
  createdAt: string;
  paidAt: string | null;
  closedAt: string | null;
  expiresAt: string;
};

/** The order as docs/api.md shows it; also the `data.order` of every order event. */
export function orderView(row: OrderRow): OrderView {
  return {
    id: row.id,
    object: "order",
    livemode: row.livemode,
    status: row.status,
    goodsId: row.goodsId,
    quantity: row.quantity,
    amount: row.amountFen,
    currency: row.currency,
    channel: row.channel,
    buyerId: row.buyerId,
    attach: row.attach,
    channelTradeNo: row.channelTradeNo,
    payParams: row.payParams ?? null,
    paidAfterClose: row.paidAfterClose,
    duplicatePayment: row.duplicatePayment,
    amountRefunded: row.amountRefundedFen,
    failure: row.failureCode ? { code: row.failureCode, message: row.failureMessage ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Where the buyer's page goes with the order's pay parameters (the channel decides; no caller reads payParams keys). */
export function orderNextAction(order: Pick<OrderRow, "channel" | "payParams">): NextAction | null {
  return nextAction(order.channel, order.payParams);
}
