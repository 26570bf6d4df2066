import { z } from "zod";
import { digits } from "./keys";
import { randomBase62 } from "../ids";
import type { SandboxRefund, SandboxRefundStatus, SandboxStore, SandboxTrade } from "./store";
import { getTradeOrThrow, isPaid, newNotificationId, type NotificationIntent } from "./trades";

/**
 * Refunds in the sandbox, for both emulators: per-trade refunded totals kept by compare-and-set
 * (an over-refund is refused however many requests race), one refund per out_refund_no (a repeat
 * is the same refund), and the outcome a tester scripted on the trade (the simulate API):
 * succeed, fail, stay processing then succeed after a delay, or notify twice.
 */

export const refundScriptSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("succeed") }),
  z.object({ kind: z.literal("fail") }),
  z.object({ kind: z.literal("processing"), delaySeconds: z.number().int().min(1).max(3600) }),
  z.object({ kind: z.literal("notify_twice") }),
]);
export type RefundScript = z.infer<typeof refundScriptSchema>;

export function refundScriptOf(trade: SandboxTrade): RefundScript {
  if (!trade.refundScript) return { kind: "succeed" };
  try {
    const parsed = refundScriptSchema.safeParse(JSON.parse(trade.refundScript));
    return parsed.success ? parsed.data : { kind: "succeed" };
  } catch {
    return { kind: "succeed" };
  }
}

/** Scripts what the next refunds of the trade do (until scripted again). */
export async function scriptRefunds(store: SandboxStore, tradeId: string, script: RefundScript): Promise<SandboxTrade> {
  const trade = await getTradeOrThrow(store, tradeId);
  return (await store.updateTrade(trade.id, [trade.status], { refundScript: JSON.stringify(script) })) ?? getTradeOrThrow(store, tradeId);
}

export type RefundRequest = { outRefundNo: string; amountFen: number; reason: string | null; notifyUrl: string | null };

export type RefundRequestResult =
  | { ok: true; refund: SandboxRefund; trade: SandboxTrade; created: boolean; notifications: NotificationIntent[] }
  /** not_paid: the trade cannot be refunded now; over_refund: more than what is left; mismatch: the out_refund_no was used for another amount or trade; refused: scripted failure. */
  | { ok: false; error: "not_paid" | "over_refund" | "mismatch" | "refused" };

const FULLY_REFUNDED = { alipay: "TRADE_CLOSED", wechatpay: "REFUND" } as const;

/** A PROCESSING refund whose time has come takes its scripted final state. Called by every read. */
export async function settleRefundIfDue(store: SandboxStore, refund: SandboxRefund, now: Date): Promise<SandboxRefund> {
  if (refund.status !== "PROCESSING" || refund.settleAt.getTime() > now.getTime()) return refund;
  const patch = { status: refund.finalStatus, successAt: refund.finalStatus === "SUCCESS" ? refund.settleAt : null };
  const settled = await store.updateRefund(refund.id, ["PROCESSING"], patch);
  if (settled) {
    // A refund that ends without money moved gives its amount back to the trade.
    if (refund.finalStatus !== "SUCCESS") await store.addTradeRefunded(refund.tradeId, -refund.amountFen);
    return settled;
  }
  return (await store.getRefund(refund.id)) ?? refund;
}

/** Sum of the trade's successful refunds (what Alipay reports as refund_fee), in fen. */
export async function succeededRefundsFen(store: SandboxStore, tradeId: string, now: Date): Promise<number> {
  let sum = 0;
  for (const r of await store.listTradeRefunds(tradeId)) if ((await settleRefundIfDue(store, r, now)).status === "SUCCESS") sum += r.amountFen;
  return sum;
}

/** The notifications a refund sends: WeChat to the refund's notify_url; Alipay only for wap pay, to the payment's. */
function refundNotifications(trade: SandboxTrade, refund: SandboxRefund, script: RefundScript): NotificationIntent[] {
  const notifies = trade.provider === "wechatpay" ? refund.notifyUrl !== null : trade.tradeType === "WAP" && trade.notifyUrl !== null && refund.finalStatus === "SUCCESS";
  if (!notifies) return [];
  const delaySeconds = script.kind === "processing" ? script.delaySeconds : 0;
  const first: NotificationIntent = { provider: trade.provider, tradeId: trade.id, refundId: refund.id, notificationId: newNotificationId(trade.provider), delaySeconds };
  return script.kind === "notify_twice" ? [first, { ...first, delaySeconds: delaySeconds + 1 }] : [first];
}

function newProviderRefundNo(trade: SandboxTrade): string {
  // Alipay has no refund id of its own (the trade_no is reported); WeChat refund_ids are 29-30 digits.
  return trade.provider === "alipay" ? trade.providerTradeNo : `50300${digits(24)}`;
}

/**
 * A refund request on `trade`. The refunded total is raised first (compare-and-set, so racing
 * requests cannot over-refund), then the refund is recorded; losing the race on the same
 * out_refund_no gives the reservation back and answers the existing refund.
 */
export async function requestRefund(store: SandboxStore, trade: SandboxTrade, req: RefundRequest, now: Date): Promise<RefundRequestResult> {
  const merchantKey = trade.provider === "wechatpay" ? (trade.mchid ?? "") : trade.appId;
  const existing = await store.findRefund(trade.provider, merchantKey, req.outRefundNo);
  if (existing) {
    if (existing.tradeId !== trade.id || existing.amountFen !== req.amountFen) return { ok: false, error: "mismatch" };
    return { ok: true, refund: await settleRefundIfDue(store, existing, now), trade, created: false, notifications: [] };
  }
  if (!isPaid(trade) || trade.status === "REFUND") return { ok: false, error: "not_paid" };
  const script = refundScriptOf(trade);
  // Alipay refuses synchronously (e.g. ACQ.SELLER_BALANCE_NOT_ENOUGH); WeChat accepts, then reports ABNORMAL.
  if (script.kind === "fail" && trade.provider === "alipay") return { ok: false, error: "refused" };
  const reserved = await store.addTradeRefunded(trade.id, req.amountFen);
  if (!reserved) return { ok: false, error: "over_refund" };
  const candidate: SandboxRefund = {
    id: `sbr_${randomBase62(20)}`,
    provider: trade.provider,
    merchantKey,
    tradeId: trade.id,
    outRefundNo: req.outRefundNo,
    amountFen: req.amountFen,
    reason: req.reason,
    notifyUrl: req.notifyUrl,
    status: "PROCESSING",
    finalStatus: script.kind === "fail" ? "ABNORMAL" : "SUCCESS",
    settleAt: new Date(now.getTime() + (script.kind === "processing" ? script.delaySeconds * 1000 : 0)),
    providerRefundNo: newProviderRefundNo(trade),
    createdAt: now,
    successAt: null,
  };
  const { created, refund } = await store.insertRefund(candidate);
  if (!created) {
    await store.addTradeRefunded(trade.id, -req.amountFen);
    if (refund.tradeId !== trade.id || refund.amountFen !== req.amountFen) return { ok: false, error: "mismatch" };
    return { ok: true, refund: await settleRefundIfDue(store, refund, now), trade, created: false, notifications: [] };
  }
  let current = reserved;
  if (candidate.finalStatus === "SUCCESS" && (reserved.refundedFen ?? 0) === reserved.amountFen) {
    // Fully refunded: Alipay closes the trade (TRADE_CLOSED), WeChat reports REFUND.
    const full = FULLY_REFUNDED[trade.provider];
    current = (await store.updateTrade(trade.id, [trade.status], { status: full, ...(full === "TRADE_CLOSED" ? { closedAt: now } : {}) })) ?? reserved;
  }
  // WeChat answers PROCESSING first whatever happens next; Alipay's answer already shows a due outcome.
  const answered = trade.provider === "alipay" ? await settleRefundIfDue(store, refund, now) : refund;
  if (trade.provider === "wechatpay") await settleRefundIfDue(store, refund, now);
  return { ok: true, refund: answered, trade: current, created: true, notifications: refundNotifications(trade, refund, script) };
}

export async function getRefundOrThrow(store: SandboxStore, id: string): Promise<SandboxRefund> {
  const refund = await store.getRefund(id);
  if (!refund) throw new Error(`sandbox refund ${id} vanished`);
  return refund;
}

export type { SandboxRefundStatus };
