import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import { db } from "../db/client";
import { refunds } from "../db/schema";
import { logger } from "../log";
import { syncRefund } from "./sync-refund";
import type { RefundRow } from "./view";

const BATCH = 200;
/** One merchant's refunds per run, at most: a merchant with thousands pending cannot starve the others. */
const PER_MERCHANT = 10;
/** A pending refund not asked about for this long is asked again. */
const SETTLE_EVERY_MS = 10_000;

/** Round-robin over merchants: the first refund of each, then the second of each, … */
export function fairBatch(rows: RefundRow[], perMerchant = PER_MERCHANT): RefundRow[] {
  const byMerchant = new Map<string, RefundRow[]>();
  for (const r of rows) {
    const list = byMerchant.get(r.merchantId) ?? [];
    if (list.length < perMerchant) list.push(r);
    byMerchant.set(r.merchantId, list);
  }
  const out: RefundRow[] = [];
  for (let i = 0; i < perMerchant; i++) for (const list of byMerchant.values()) if (list[i]) out.push(list[i]!);
  return out;
}

/**
 * Settles pending refunds by asking the channel (Alipay page pay sends no refund notification, and
 * any notification can be lost): sends the ones that never reached it, queries the rest.
 */
export async function settlePendingRefunds(now = new Date()): Promise<{ checked: number; succeeded: number; failed: number }> {
  const due = await db()
    .select()
    .from(refunds)
    .where(and(eq(refunds.status, "pending"), or(isNull(refunds.lastSyncedAt), lt(refunds.lastSyncedAt, new Date(now.getTime() - SETTLE_EVERY_MS)))))
    .orderBy(asc(refunds.createdAt))
    .limit(BATCH);
  const tally = { checked: 0, succeeded: 0, failed: 0 };
  for (const refund of fairBatch(due)) {
    tally.checked++;
    try {
      const settled = await syncRefund(refund, { force: true });
      if (settled.status === "succeeded") tally.succeeded++;
      if (settled.status === "failed") tally.failed++;
    } catch (error) {
      logger().warn({ err: error, refundId: refund.id }, "could not settle refund");
    }
  }
  return tally;
}
