import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";

/**
 * An order a payment link's visit made for a payer not yet known carries the link's id as its
 * buyerId (lib/checkout/sessions.ts openPaymentLinkSession). Once the channel says who paid
 * (Alipay's buyer id, WeChat's payer openid), that becomes the order's buyerId, in the transaction
 * that marks it paid, so order.paid carries the real identity. Compare-and-set on the placeholder:
 * an order with a real buyer (any API order, a JSAPI order made with the OAuth openid) is never touched.
 * Answers whether the order took the payer.
 */
export async function adoptLinkPayer(tx: DbOrTx, orderId: string, payerId: string): Promise<boolean> {
  const [result] = await tx.execute(sql`
    UPDATE orders o JOIN checkout_sessions s ON s.id = o.checkout_session_id
    SET o.buyer_id = ${payerId.slice(0, 128)}
    WHERE o.id = ${orderId} AND s.payment_link_id IS NOT NULL AND o.buyer_id = s.payment_link_id`);
  return (result as unknown as { affectedRows: number }).affectedRows > 0;
}
