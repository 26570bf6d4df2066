import { notFound } from "../api/errors";
import { deliveryView, eventView } from "../events/view";
import { getOrderById } from "./get-orders";
import { orderHistory } from "./history";
import { orderView } from "./view";

/**
 * `npm run cli -- orders show ord_…`: an order as an operator needs it, across merchants: the order
 * (with what the API does not show: merchant, channel account, subject, unit price, client address,
 * last query), each call to the channel, each notification received (verified or not, raw), and each
 * event with its deliveries and every attempt.
 */
export async function showOrder(id: string) {
  const row = await getOrderById(id);
  if (!row) throw notFound("order", id);
  const history = await orderHistory(row);
  return {
    order: {
      ...orderView(row),
      merchantId: row.merchantId,
      channelAccountId: row.channelAccountId,
      subject: row.subject,
      unitPriceFen: row.unitPriceFen,
      openId: row.openId,
      clientIp: row.clientIp,
      returnUrl: row.returnUrl,
      lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
    },
    channelRequests: history.requests.map((r) => ({ ...r, at: r.at.toISOString() })),
    callbacks: history.callbacks.map((c) => ({ ...c, receivedAt: c.receivedAt.toISOString() })),
    events: history.events.map((e) => ({
      ...eventView(e),
      deliveries: e.deliveries.map((d) => deliveryView(d, d.attempts)),
    })),
  };
}
