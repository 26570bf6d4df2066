import { getOrderById } from "../orders/get-orders";
import type { SessionRow } from "./sessions";

/** The getBrandWCPayRequest object of the session's pending JSAPI order, if it has one. */
export async function jsapiParams(session: SessionRow): Promise<Record<string, string> | null> {
  if (session.status !== "open" || !session.orderId) return null;
  const order = await getOrderById(session.orderId);
  if (!order || order.status !== "pending" || order.channel !== "wechat_jsapi" || !order.payParams?.paySign) return null;
  return order.payParams;
}
