import { db } from "../db/client";
import { channelRequests } from "../db/schema";
import { newId } from "../ids";
import { ChannelError } from "../channels";
import { logger } from "../log";

export type Operation = "create" | "query" | "close" | "refund" | "refund_query";

/**
 * Runs one channel call for an order and records it (operation, verdict or error code, duration)
 * for the order's timeline. The record is best effort: losing it must not fail the payment.
 */
export async function logged<T>(orderId: string, operation: Operation, fn: () => Promise<T>, verdict: (r: T) => string): Promise<T> {
  const started = performance.now();
  let ok = false;
  let result: string | null = null;
  let message: string | null = null;
  try {
    const value = await fn();
    ok = true;
    result = verdict(value);
    return value;
  } catch (error) {
    result = error instanceof ChannelError ? error.code : "internal_error";
    message = error instanceof Error ? error.message.slice(0, 512) : null;
    throw error;
  } finally {
    const durationMs = Math.round(performance.now() - started);
    db()
      .insert(channelRequests)
      .values({ id: newId("req"), orderId, operation, ok, result, message, durationMs, at: new Date() })
      .catch((error: unknown) => logger().warn({ err: error, orderId }, "could not record channel request"));
  }
}

/** A channel call's outcome and the channel-request row that records it, to be written by the caller. */
export type TimedCall<T> = { ok: true; value: T; record: typeof channelRequests.$inferInsert } | { ok: false; error: unknown; record: typeof channelRequests.$inferInsert };

/**
 * Runs one channel call for an order without writing anything: the caller writes `record` in the
 * same transaction as what the call produced (a prepay writes the order's pay parameters and the
 * record together: one commit, one disk flush, where `logged` costs one of its own).
 */
export async function timedChannelCall<T>(orderId: string, operation: Operation, fn: () => Promise<T>, verdict: (r: T) => string): Promise<TimedCall<T>> {
  const started = performance.now();
  const row = (ok: boolean, result: string, message: string | null) => ({
    id: newId("req"),
    orderId,
    operation,
    ok,
    result,
    message,
    durationMs: Math.round(performance.now() - started),
    at: new Date(),
  });
  try {
    const value = await fn();
    return { ok: true, value, record: row(true, verdict(value), null) };
  } catch (error) {
    const result = error instanceof ChannelError ? error.code : "internal_error";
    return { ok: false, error, record: row(false, result, error instanceof Error ? error.message.slice(0, 512) : null) };
  }
}
