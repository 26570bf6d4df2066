import type { NotificationIntent } from "./trades";

/** What the route handlers pass to the emulators. */
export interface SandboxHandlerOptions {
  /** Origin (and optional path prefix) of the payrelay app; the cashier is `${cashierBase}/sandbox/pay/{id}`. */
  cashierBase: string;
  now?: Date;
  /**
   * Receives notifications caused as a side effect of a request (a query or order call that finds
   * an overdue trade closes it, and Alipay notifies TRADE_CLOSED). Without it they are dropped.
   */
  enqueue?: (notifications: NotificationIntent[]) => Promise<void>;
}

export function cashierUrl(cashierBase: string, tradeId: string): string {
  return `${cashierBase.replace(/\/+$/, "")}/sandbox/pay/${tradeId}`;
}

/** Reads a body up to `maxBytes`; null when it is larger (checked before and after reading). */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return null;
  const buf = Buffer.from(await request.arrayBuffer());
  return buf.length > maxBytes ? null : buf.toString("utf8");
}
