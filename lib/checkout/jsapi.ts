import { getOrderById } from "../orders/get-orders";
import { orderNextAction } from "../orders/view";
import type { SessionRow } from "./sessions";

/** The getBrandWCPayRequest object of the session's pending JSAPI order, if it has one. */
export async function jsapiParams(session: SessionRow): Promise<Record<string, string> | null> {
  if (session.status !== "open" || !session.orderId) return null;
  const order = await getOrderById(session.orderId);
  if (!order || order.status !== "pending") return null;
  const action = orderNextAction(order);
  return action?.type === "jsapi" ? action.params : null;
}
