import type { Owner } from "../owner";
import { getRefundOrThrow } from "./get-refunds";
import { syncRefund } from "./sync-refund";
import { refundView, type RefundView } from "./view";

/** GET /api/v1/refunds/{id}: while pending, the channel is asked first (throttled) and what it says recorded. */
export async function retrieveRefund(owner: Owner, id: string): Promise<RefundView> {
  return refundView(await syncRefund(await getRefundOrThrow(owner, id)));
}
