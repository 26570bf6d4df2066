import { and, desc, eq } from "drizzle-orm";
import { db } from "../db/client";
import { channelRequests } from "../db/schema";
import { checkoutState, type CheckoutState } from "./start-payment";
import type { SessionRow } from "./sessions";

/** How recent the channel's "not paid" must be to count as the answer to this return. */
const FRESH_ANSWER_MS = 10_000;

export type ReturnState = CheckoutState | { status: "failed"; successRedirect: null };

/**
 * What the return page tells a buyer back from the channel. Paid and expired as checkoutState says;
 * "failed" when the channel, asked just now, answered that the session's order is still unpaid (a
 * declined card, a rejected payment, a buyer who backed out): the buyer is sent back to the
 * checkout to try again rather than left on "confirming". A channel that could not be asked leaves
 * it "confirming". Trying again is always safe: choosing a channel first closes the previous order,
 * and a close that finds it paid completes the session instead.
 */
export async function returnState(session: SessionRow): Promise<ReturnState> {
  const state = await checkoutState(session);
  if (state.status !== "confirming" || !session.orderId) return state;
  const [last] = await db()
    .select({ ok: channelRequests.ok, result: channelRequests.result, at: channelRequests.at })
    .from(channelRequests)
    .where(and(eq(channelRequests.orderId, session.orderId), eq(channelRequests.operation, "query")))
    .orderBy(desc(channelRequests.at))
    .limit(1);
  const answeredUnpaid = last !== undefined && last.ok && last.result === "pending" && Date.now() - last.at.getTime() < FRESH_ANSWER_MS;
  return answeredUnpaid ? { status: "failed", successRedirect: null } : state;
}
