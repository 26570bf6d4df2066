import type { DbOrTx } from "../db/client";
import { events } from "../db/schema";
import { newId } from "../ids";
import { createDeliveriesForEvent } from "../notify/deliveries";

export type EventType = "order.created" | "order.paid" | "order.closed";

/**
 * Writes an event into the outbox. Call it inside the transaction that makes the change it
 * describes, so the change and its notification are committed together or not at all; delivery
 * happens after commit (the notifications worker picks up every event not yet enqueued).
 * Its deliveries (the goods' notify URL for this type, if any) are written in the same transaction.
 * The caller passes the returned id to `enqueueEvents` (lib/notify/jobs.ts) once committed.
 */
export async function recordEvent(
  tx: DbOrTx,
  e: { merchantId: string; livemode: boolean; type: EventType; orderId: string | null; data: Record<string, unknown> },
): Promise<string> {
  const id = newId("evt");
  const now = new Date();
  await tx.insert(events).values({ id, ...e, createdAt: now, enqueuedAt: null });
  await createDeliveriesForEvent(tx, { eventId: id, merchantId: e.merchantId, type: e.type, orderId: e.orderId, now });
  return id;
}
