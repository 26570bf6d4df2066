import { config } from "../config";
import { createOrder } from "../orders/create-order";
import { invalid } from "../api/errors";
import { orderNextAction } from "../orders/view";

export const TEST_BUYER_ID = "portal-test-buyer";

/**
 * "Try a test payment": a real test-mode order for one of the merchant's goods, through the same
 * createOrder the API uses, paid with Alipay H5 in the sandbox. Always test mode, whatever the switch
 * says: this button must never create a live order. Returns the cashier URL the browser opens; after
 * paying, the cashier returns to the orders page, which forwards to the order.
 */
export async function startTestPayment(merchantId: string, goodsId: string): Promise<{ orderId: string; payUrl: string }> {
  const order = await createOrder(
    { merchantId, livemode: false },
    { goodsId, quantity: 1, channel: "alipay_h5", buyerId: TEST_BUYER_ID, attach: "portal test payment", returnUrl: `${config().PUBLIC_BASE_URL}/orders` },
    null,
  );
  const action = orderNextAction(order);
  if (action?.type !== "redirect") throw invalid("channel_error", "The sandbox did not return a pay URL.");
  return { orderId: order.id, payUrl: action.url };
}
