/**
 * The lease in lib/notify/claim.ts: however many jobs ask for one delivery at once, one attempt is
 * sent. Two jobs for one delivery are normal (the web's after-commit job and the relay's, or a
 * BullMQ retry), and the micro-batch puts concurrent asks into one claim.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder } from "../helpers/payments";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { db } from "../../lib/db/client";
import { events, webhookDeliveries } from "../../lib/db/schema";
import { claim, releaseLease } from "../../lib/notify/claim";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => app?.close());

describe("claim", () => {
  it("an event job and a delivery job for the same delivery in one batch: it is handed out once", async () => {
    const m = await newMerchant("Claim shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: "http://127.0.0.1:9/hooks" } });
    const order = (await createOrder({ ...m, goodsId: goods.id }, "wechat_h5")).body;
    const [row] = await db()
      .select({ delivery: webhookDeliveries })
      .from(webhookDeliveries)
      .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
      .where(eq(events.orderId, order.id));
    const delivery = row?.delivery;
    expect(delivery).toBeDefined();

    // Same tick: the micro-batch claims all four asks together.
    const handed = await Promise.all([
      claim({ eventId: delivery!.eventId }),
      claim({ deliveryId: delivery!.id }),
      claim({ eventId: delivery!.eventId }),
      claim({ deliveryId: delivery!.id }),
    ]);
    expect(handed.flat().map((l) => l.delivery.id)).toEqual([delivery!.id]);

    // Held: a later ask gets nothing until the lease is given back.
    expect(await claim({ deliveryId: delivery!.id })).toEqual([]);
    await releaseLease(delivery!.id);
    expect((await claim({ deliveryId: delivery!.id })).map((l) => l.delivery.id)).toEqual([delivery!.id]);
  });
});
