import { z } from "zod";
import type { ChannelTradeStatus } from "../types";

/** The fields we read of a transaction (query answer or decrypted notification resource). */
export const wechatTransactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.string(),
  success_time: z.string().optional(),
  // `{}` until paid.
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int().nonnegative(), currency: z.string().optional() }),
});

/**
 * trade_state → ours. REFUND means it was paid (and a refund started). PAYERROR (bank declined) and
 * USERPAYING leave the order payable until it expires, so they are pending; REVOKED is a closed order.
 */
const STATUS: Record<string, Exclude<ChannelTradeStatus, "not_found">> = {
  SUCCESS: "paid",
  REFUND: "paid",
  NOTPAY: "pending",
  USERPAYING: "pending",
  PAYERROR: "pending",
  CLOSED: "closed",
  REVOKED: "closed",
};

export function wechatTradeStatus(tradeState: string): Exclude<ChannelTradeStatus, "not_found"> | undefined {
  return STATUS[tradeState];
}
