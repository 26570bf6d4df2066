/**
 * A delivery slot counts a request in flight at the merchant's host (lib/notify/slots.ts), so it
 * is handed on when the receiver has answered, not when the attempt's row has been committed
 * afterwards. Held through the recording, a merchant with one fast endpoint got at most
 * NOTIFY_MAX_PER_HOST deliveries per commit time of the recording batch, and every delivery beyond
 * that waited parked for a job of its own (issue 16: bench:callbacks, one merchant, one host).
 *
 * The recording of the first attempt is held up here by a row lock on its delivery, so "after the
 * commit" never comes while the second delivery is tried: it is sent only if the slot was freed
 * when the first answer arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { resetConfigForTests, config } from "../../lib/config";
import { createPool, db } from "../../lib/db/client";
import { webhookDeliveries } from "../../lib/db/schema";
import { deliverDue, deliverEvent } from "../../lib/notify/deliver";
import { logger } from "../../lib/log";
import { countingReceiver, emit, loadShop, type CountingReceiver } from "../helpers/notify-load";
import { sleep, waitFor } from "../helpers/payments";

let receiver: CountingReceiver;
beforeAll(async () => {
  process.env.NOTIFY_MAX_PER_HOST = "1";
  resetConfigForTests();
  receiver = await countingReceiver(0);
});
afterAll(async () => {
  await receiver.close();
  delete process.env.NOTIFY_MAX_PER_HOST;
  resetConfigForTests();
});

const deliveryOf = async (eventId: string) => (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId)))[0]!;

describe("delivery slots", () => {
  it("a delivery to the same host is not held back while the previous attempt is being recorded", async () => {
    expect(config().NOTIFY_MAX_PER_HOST).toBe(1);
    const shop = await loadShop("One host", true, receiver.url);
    const { ids: [first] } = await emit(shop);
    const { ids: [second] } = await emit(shop);
    const firstDelivery = await deliveryOf(first!);
    const secondDelivery = await deliveryOf(second!);

    // Another connection holds the first delivery's row: its attempt is sent, but recording it waits.
    const blocker = createPool(process.env.DATABASE_URL!, 1);
    const conn = await blocker.getConnection();
    await conn.beginTransaction();
    await conn.query("SELECT id FROM webhook_deliveries WHERE id = ? FOR UPDATE", [firstDelivery.id]);
    const log = logger();
    const firstDone = deliverEvent(first!, "live", log);
    const tries: Promise<unknown>[] = [];
    try {
      await waitFor(async () => receiver.received.has(first!), 10_000);
      // The second delivery is tried (as its job and a woken job would) until it is sent, for 3 s.
      const deadline = Date.now() + 3_000;
      while (!receiver.received.has(second!) && Date.now() < deadline) {
        tries.push(deliverDue(secondDelivery.id, "live", log));
        await sleep(100);
      }
      expect(receiver.received.has(second!), "the second delivery was sent while the first was being recorded").toBe(true);
      // One request at a time at the host all along: the cap holds.
      expect(receiver.maxOpen).toBe(1);
    } finally {
      await conn.rollback();
      conn.release();
      await blocker.end();
    }
    await firstDone;
    await Promise.all(tries);

    // Both settled with one attempt each, and each was sent once.
    await waitFor(async () => {
      const rows = await db().select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, [firstDelivery.id, secondDelivery.id]));
      return rows.every((r) => r.status === "succeeded") && rows;
    }, 10_000).then((rows) => expect(rows.map((r) => r.attemptCount)).toEqual([1, 1]));
    expect(receiver.requests).toBe(2);
  }, 30_000);
});
