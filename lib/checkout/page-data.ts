import { getGoodsOrThrow } from "../goods/goods";
import { findCheckoutSession, merchantName, type SessionRow } from "./sessions";
import { formatFen } from "../money";

export type CheckoutPageData = {
  session: SessionRow;
  merchantName: string;
  goodsName: string;
  /** The goods' description as the merchant wrote it, or null. */
  goodsDescription: string | null;
  amountLabel: string;
  /** Seconds until the session expires, as of loading (0 once past). */
  secondsLeft: number;
};

/** Everything the hosted page shows, or null for an unknown session. */
export async function loadCheckoutPage(id: string): Promise<CheckoutPageData | null> {
  const session = await findCheckoutSession(id);
  if (!session) return null;
  const [name, goods] = await Promise.all([
    merchantName(session.merchantId),
    getGoodsOrThrow({ merchantId: session.merchantId, livemode: session.livemode }, session.goodsId),
  ]);
  return { session, merchantName: name, goodsName: goods.name, goodsDescription: goods.description, amountLabel: formatFen(session.amountFen),
    secondsLeft: Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)),
  };
}
