import type { DbOrTx } from "../db/client";
import { events } from "../db/schema";
import { newId } from "../ids";

export type EventType = "order.created" | "order.paid" | "order.closed";

/**
 * Writes an event into the outbox. Call it inside the transaction that makes the change it
 * describes, so the change and its notification are committed together or not at all; delivery
 * happens after commit (the notifications worker picks up every event not yet enqueued).
 */
export async function recordEvent(
  tx: DbOrTx,
  e: { merchantId: string; livemode: boolean; type: EventType; orderId: string | null; data: Record<string, unknown> },
): Promise<string> {
  const id = newId("evt");
  await tx.insert(events).values({ id, ...e, createdAt: new Date(), enqueuedAt: null });
  return id;
}
