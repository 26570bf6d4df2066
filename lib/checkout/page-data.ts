import { getGoodsOrThrow } from "../goods/goods";
import { findCheckoutSession, merchantName, type SessionRow } from "./sessions";
import { formatFen } from "../money";

export type CheckoutPageData = {
  session: SessionRow;
  merchantName: string;
  goodsName: string;
  amountLabel: string;
};

/** Everything the hosted page shows, or null for an unknown session. */
export async function loadCheckoutPage(id: string): Promise<CheckoutPageData | null> {
  const session = await findCheckoutSession(id);
  if (!session) return null;
  const [name, goods] = await Promise.all([
    merchantName(session.merchantId),
    getGoodsOrThrow({ merchantId: session.merchantId, livemode: session.livemode }, session.goodsId),
  ]);
  return { session, merchantName: name, goodsName: goods.name, amountLabel: formatFen(session.amountFen) };
}
