import { and, eq, exists, gt, isNotNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/mysql-core";
import { db } from "../db/client";
import { orders } from "../db/schema";

const later = alias(orders, "later");

/**
 * SQL for "this closed order was superseded": it belongs to a checkout session that also has a paid
 * order or a later one, so it was closed because its buyer switched channel (or a desktop page's
 * other QR code was paid), not because a payment failed. The dashboard leaves such orders out of the
 * success rate and the order list shows them under their session.
 */
export function supersededOrder() {
  return and(
    eq(orders.status, "closed"),
    isNotNull(orders.checkoutSessionId),
    exists(
      db()
        .select({ one: sql`1` })
        .from(later)
        .where(
          and(
            eq(later.checkoutSessionId, orders.checkoutSessionId),
            ne(later.id, orders.id),
            or(eq(later.status, "paid"), gt(later.createdAt, orders.createdAt), and(eq(later.createdAt, orders.createdAt), gt(later.id, orders.id))),
          ),
        ),
    ),
  );
}
