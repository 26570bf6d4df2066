import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { AnyMySqlColumn } from "drizzle-orm/mysql-core";
import { supersededOrder } from "./superseded";
import { db } from "../db/client";
import { events, orders, refunds, webhookDeliveries } from "../db/schema";
import type { Owner } from "../owner";
import { beijingDayStart, lastDays } from "./time";

/** paidFen is net of refunds: paid that day less what was refunded that day (by refund time). */
export type DayStats = { day: string; orders: number; paidOrders: number; paidFen: number; refundedFen: number };

export type Dashboard = {
  today: DayStats;
  days: DayStats[];
  totals: { orders: number; paidOrders: number; paidFen: number; refundedFen: number; closedOrders: number; supersededOrders: number };
  /**
   * paid ÷ (paid + closed) over the 14 days; pending orders are still undecided. A checkout session
   * counts once: an order closed because the buyer switched channel (or because another of the
   * session's orders was paid) is superseded, not a failed payment, and left out. Null with no decided orders.
   */
  successRate: number | null;
  failedDeliveries: { count: number; recent: { deliveryId: string; eventId: string; orderId: string | null; type: string; url: string; updatedAt: Date }[] };
};

// Beijing calendar day of a UTC datetime column, computed in SQL without time zone tables.
const beijingDayOf = (column: AnyMySqlColumn) => sql<string>`DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')`;

/**
 * The dashboard's numbers for one merchant and mode: orders per day by creation, paid amount per day
 * by payment time, over the last 14 Beijing days (today last).
 */
export async function getDashboard(owner: Owner, now = new Date()): Promise<Dashboard> {
  const dayKeys = lastDays(now, 14);
  const since = beijingDayStart(dayKeys[0]!)!;
  const scope = and(eq(orders.merchantId, owner.merchantId), eq(orders.livemode, owner.livemode));

  const [created, paid, refunded, [superseded]] = await Promise.all([
    db()
      .select({
        day: beijingDayOf(orders.createdAt),
        // A checkout session is one purchase however many orders its buyer's channel switches (or a
        // desktop page's QR codes) made: it counts once.
        count: sql<number>`COUNT(DISTINCT COALESCE(${orders.checkoutSessionId}, ${orders.id}))`,
        closed: sql<number>`SUM(${orders.status} = 'closed')`,
        paid: sql<number>`SUM(${orders.status} = 'paid')`,
      })
      .from(orders)
      .where(and(scope, gte(orders.createdAt, since)))
      .groupBy(sql`1`),
    db()
      .select({ day: beijingDayOf(orders.paidAt), count: sql<number>`COUNT(*)`, fen: sql<number>`SUM(${orders.amountFen})` })
      .from(orders)
      .where(and(scope, eq(orders.status, "paid"), gte(orders.paidAt, since)))
      .groupBy(sql`1`),
    db()
      .select({ day: beijingDayOf(refunds.succeededAt), fen: sql<number>`SUM(${refunds.amountFen})` })
      .from(refunds)
      .where(and(eq(refunds.merchantId, owner.merchantId), eq(refunds.livemode, owner.livemode), eq(refunds.status, "succeeded"), gte(refunds.succeededAt, since)))
      .groupBy(sql`1`),
    // Closed orders of a checkout session that has a paid order or a later one: the buyer moved on.
    db()
      .select({ count: sql<number>`COUNT(*)` })
      .from(orders)
      .where(and(scope, gte(orders.createdAt, since), supersededOrder())),
  ]);
  const supersededOrders = Number(superseded?.count ?? 0);

  const byDay = new Map(dayKeys.map((day) => [day, { day, orders: 0, paidOrders: 0, paidFen: 0, refundedFen: 0 }]));
  let closedOrders = 0;
  let decidedPaid = 0;
  for (const r of created) {
    const d = byDay.get(r.day);
    if (d) d.orders = Number(r.count);
    closedOrders += Number(r.closed ?? 0);
    decidedPaid += Number(r.paid ?? 0);
  }
  for (const r of paid) {
    const d = byDay.get(r.day);
    if (d) {
      d.paidOrders = Number(r.count);
      d.paidFen = Number(r.fen ?? 0);
    }
  }
  for (const r of refunded) {
    const d = byDay.get(r.day);
    if (d) {
      d.refundedFen = Number(r.fen ?? 0);
      d.paidFen -= d.refundedFen;
    }
  }
  const days = [...byDay.values()];
  const totals = days.reduce(
    (t, d) => ({ orders: t.orders + d.orders, paidOrders: t.paidOrders + d.paidOrders, paidFen: t.paidFen + d.paidFen, refundedFen: t.refundedFen + d.refundedFen, closedOrders, supersededOrders }),
    { orders: 0, paidOrders: 0, paidFen: 0, refundedFen: 0, closedOrders, supersededOrders },
  );
  const decided = decidedPaid + closedOrders - supersededOrders;
  return {
    today: days[days.length - 1]!,
    days,
    totals,
    successRate: decided === 0 ? null : decidedPaid / decided,
    failedDeliveries: await failedDeliveries(owner),
  };
}

/** Deliveries that gave up (schedule exhausted): the merchant's server missed these events. */
async function failedDeliveries(owner: Owner) {
  const where = and(eq(webhookDeliveries.merchantId, owner.merchantId), eq(webhookDeliveries.status, "failed"), eq(events.livemode, owner.livemode));
  const [[count], recent] = await Promise.all([
    db().select({ n: sql<number>`COUNT(*)` }).from(webhookDeliveries).innerJoin(events, eq(events.id, webhookDeliveries.eventId)).where(where),
    db()
      .select({
        deliveryId: webhookDeliveries.id,
        eventId: webhookDeliveries.eventId,
        orderId: events.orderId,
        type: events.type,
        url: webhookDeliveries.url,
        updatedAt: webhookDeliveries.updatedAt,
      })
      .from(webhookDeliveries)
      .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
      .where(where)
      .orderBy(desc(webhookDeliveries.updatedAt))
      .limit(5),
  ]);
  return { count: Number(count?.n ?? 0), recent };
}
