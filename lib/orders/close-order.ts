import { ApiError } from "../api/errors";
import { ChannelError, type ChannelId } from "../channels";
import { loadChannelAccountForOrder } from "../channel-accounts/channel-accounts";
import { channelFor } from "./channel-for";
import { logged } from "./channel-log";
import { markOrderClosed } from "./transitions";
import { syncOrder } from "./sync-order";
import { orderView, type OrderRow } from "./view";

export type CloseResult = { outcome: "closed" | "already_paid"; order: OrderRow };

/**
 * Closes an order at the channel, then here. If the channel says the buyer already paid, the order
 * becomes paid instead (the merchant asked to close an order that has money in it: it must know).
 * Used by the API and by the worker's expiry sweep.
 */
export async function closeOrder(order: OrderRow): Promise<CloseResult> {
  if (order.status === "paid") return { outcome: "already_paid", order };
  if (order.status === "closed") return { outcome: "closed", order };
  // The credentials the order was made with: a replaced key still answers for its own orders.
  const account = await loadChannelAccountForOrder(order);
  if (account) {
    const channel = channelFor(order.channel as ChannelId, account);
    const { result } = await logged(order.id, "close", () => channel.closePayment(order.id), (r) => r.result);
    if (result === "already_paid") {
      const synced = await syncOrder(order, { force: true });
      if (synced.status === "paid") return { outcome: "already_paid", order: synced };
    }
  }
  const closed = await markOrderClosed(order.id);
  return { outcome: closed.order.status === "paid" ? "already_paid" : "closed", order: closed.order };
}

/** The API's answer: 200 with the closed order, or 409 order_already_paid carrying the order. */
export async function closeOrderForApi(order: OrderRow) {
  let result: CloseResult;
  try {
    result = await closeOrder(order);
  } catch (error) {
    if (error instanceof ChannelError) {
      throw new ApiError("channel_error", "channel_error", `The channel could not close the order: ${error.message}`, {
        extra: { channelCode: error.code, order: orderView(order) },
      });
    }
    throw error;
  }
  if (result.outcome === "already_paid") {
    throw new ApiError("conflict", "order_already_paid", "The buyer has already paid this order; it was not closed.", {
      extra: { order: orderView(result.order) },
    });
  }
  return orderView(result.order);
}
