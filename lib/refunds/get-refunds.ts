import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { refunds } from "../db/schema";
import { keysetPage, type ListQuery } from "../api/pagination";
import { getOwnedOrThrow, ownedBy, type Owner } from "../owner";
import { refundView, type RefundRow } from "./view";

/** The owner's refund (same merchant, same mode) or a 404 that says nothing about anyone else's. */
export function getRefundOrThrow(owner: Owner, id: string): Promise<RefundRow> {
  return getOwnedOrThrow(refunds, owner, id, "refund");
}

export async function getRefundById(id: string): Promise<RefundRow | null> {
  const [row] = await db().select().from(refunds).where(eq(refunds.id, id)).limit(1);
  return row ?? null;
}

export async function listRefunds(owner: Owner, query: ListQuery & { orderId?: string }) {
  const after = query.startingAfter ? await getOwnedOrThrow(refunds, owner, query.startingAfter, "refund", "startingAfter") : null;
  const filters = [ownedBy(refunds, owner), query.orderId ? eq(refunds.orderId, query.orderId) : undefined];
  return keysetPage(db().select().from(refunds).$dynamic(), refunds, filters, { limit: query.limit, after }, refundView);
}

/** Every refund of an order, oldest first (the order's timeline and the portal). */
export async function refundsOfOrder(orderId: string): Promise<RefundRow[]> {
  return db().select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(refunds.createdAt);
}
