/**
 * Found by the chaos test (tests/chaos): when a restarted worker drains its backlog, the web's event
 * job and the relay's wake-up job for the same delivery are claimed in one micro-batch, and both
 * used to get the delivery, so the merchant received the same webhook twice at once (and two
 * attempts were recorded for it). The lease must hand a delivery to one job only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import pino from "pino";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, type Shop } from "../helpers/payments";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { db } from "../../lib/db/client";
import { events, webhookAttempts, webhookDeliveries } from "../../lib/db/schema";
import { deliverDue, deliverEvent } from "../../lib/notify/deliver";

let app: AppServer;
let receiver: Receiver;
beforeAll(async () => {
  app = await startAppServer();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
});

const log = pino({ level: "silent" });

async function pendingDelivery(): Promise<{ eventId: string; deliveryId: string }> {
  const m = await newMerchant("Duplicate jobs shop");
  const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: `${receiver.url}/dup` } });
  const shop: Shop = { ...m, goodsId: goods.id };
  const order = (await createOrder(shop, "alipay_h5")).body;
  const [event] = await db().select().from(events).where(eq(events.orderId, order.id));
  const [delivery] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event!.id));
  expect(delivery!.status).toBe("pending");
  return { eventId: event!.id, deliveryId: delivery!.id };
}

describe("duplicate jobs for one delivery", () => {
  it("an event job and a delivery job claimed together send the webhook once", async () => {
    const { eventId, deliveryId } = await pendingDelivery();
    // Started in the same tick, as a worker's concurrent jobs are: one claim batch holds both.
    await Promise.all([deliverEvent(eventId, log), deliverDue(deliveryId, log)]);
    expect(receiver.received.filter((r) => r.id === eventId)).toHaveLength(1);
    expect(await db().select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId))).toHaveLength(1);
    const [after] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    expect(after).toMatchObject({ status: "succeeded", attemptCount: 1 });
  });

  it("two wake-up jobs for one delivery claimed together send it once", async () => {
    const { eventId, deliveryId } = await pendingDelivery();
    await Promise.all([deliverDue(deliveryId, log), deliverDue(deliveryId, log), deliverEvent(eventId, log), deliverEvent(eventId, log)]);
    expect(receiver.received.filter((r) => r.id === eventId)).toHaveLength(1);
    expect(await db().select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId))).toHaveLength(1);
  });
});
