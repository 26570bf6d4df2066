/**
 * The outbox helper: a change, its events and their deliveries commit together, and the events are
 * handed to the queue only after commit; a transaction that rolls back announces nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { events, orders, webhookDeliveries } from "../../lib/db/schema";
import { newId } from "../../lib/ids";
import { withEvents } from "../../lib/events/outbox";
import { queue, QUEUES } from "../../lib/queue";
import type { OrderRow } from "../../lib/orders/view";

let merchantId: string;
let goodsId: string;
const createdUrl = "https://hooks.example/created";

beforeAll(async () => {
  const m = await newMerchant("Outbox shop");
  merchantId = m.merchantId;
  goodsId = (await newGoods(m.testSecretKey, { price: 100, notifyUrls: { orderCreated: createdUrl } })).id;
});

function orderRow(): OrderRow {
  const now = new Date();
  return {
    id: newId("ord"), merchantId, livemode: false, goodsId, quantity: 1, unitPriceFen: 100, amountFen: 100, currency: "CNY",
    channel: "alipay_h5", channelAccountId: null, credentialVersion: null, subject: "Goods A", buyerId: "b1", attach: null, openId: null, clientIp: null,
    returnUrl: null, checkoutSessionId: null, status: "pending", paidAfterClose: false, duplicatePayment: false, amountRefundedFen: 0, refundReservedFen: 0, channelTradeNo: null, payParams: null, failureCode: null,
    failureMessage: null, lastSyncedAt: null, sweepFailures: 0, nextAttemptAt: null, createdAt: now, paidAt: null, closedAt: null, expiresAt: new Date(now.getTime() + 60_000), idempotencyKey: null, idempotencyFingerprint: null,
  };
}

describe("withEvents", () => {
  it("commits the change, the event and its delivery together, then hands the event to the queue", async () => {
    const row = orderRow();
    const eventId = await withEvents(async (tx, record) => {
      await tx.insert(orders).values(row);
      return record({ merchantId, livemode: false, type: "order.created", orderId: row.id, data: { order: { id: row.id } } });
    });
    const [event] = await db().select().from(events).where(eq(events.id, eventId));
    expect(event).toMatchObject({ orderId: row.id, type: "order.created" });
    // Written by the worker when it takes the job, not by the request (one commit less per prepay).
    expect(event!.enqueuedAt).toBeNull();
    const deliveries = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
    expect(deliveries).toEqual([expect.objectContaining({ url: createdUrl, status: "pending" })]);
    expect(await queue(QUEUES.notifyTest).getJob(eventId)).toBeTruthy();
  });

  it("a transaction that rolls back leaves no order, no event, no delivery and no job", async () => {
    const row = orderRow();
    let eventId = "";
    await expect(
      withEvents(async (tx, record) => {
        await tx.insert(orders).values(row);
        eventId = await record({ merchantId, livemode: false, type: "order.created", orderId: row.id, data: {} });
        throw new Error("the change failed after its event was written");
      }),
    ).rejects.toThrow("the change failed");
    expect(eventId).toMatch(/^evt_/);
    expect(await db().select().from(orders).where(eq(orders.id, row.id))).toEqual([]);
    expect(await db().select().from(events).where(eq(events.id, eventId))).toEqual([]);
    expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId))).toEqual([]);
    expect(await queue(QUEUES.notifyTest).getJob(eventId)).toBeFalsy();
  });
});
