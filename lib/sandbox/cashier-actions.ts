import { z } from "zod";
import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { merchants } from "../db/schema";
import { sandboxStore, enqueueSandboxNotifications } from "./runtime";
import { showCashier, submitCashier, type CashierView } from "./cashier";
import { SandboxTradeError, type CashierOutcome } from "./trades";
import { fenToYuan } from "./format";
import { refundScriptOf, scriptRefunds, type RefundScript } from "./refunds";
import { prepayIdOfCodeUrl } from "./wechatpay";

/** The scripted outcomes a tester can pick, on the cashier page or through the simulate API. */
export const outcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("pay") }),
  z.object({ outcome: z.literal("cancel") }),
  z.object({ outcome: z.literal("pay_no_notify") }),
  z.object({ outcome: z.literal("notify_twice") }),
  z.object({ outcome: z.literal("notify_delayed"), delaySeconds: z.coerce.number().int().min(1).max(3600).default(10) }),
  z.object({ outcome: z.literal("reject") }),
  // Not a payment outcome: scripts what refunds of this (paid) trade do from now on.
  z.object({
    outcome: z.literal("refund"),
    refund: z.enum(["succeed", "fail", "processing", "notify_twice"]),
    delaySeconds: z.coerce.number().int().min(1).max(3600).default(10),
  }),
]);
export type OutcomeInput = z.infer<typeof outcomeSchema>;

function toRefundScript(input: Extract<OutcomeInput, { outcome: "refund" }>): RefundScript {
  return input.refund === "processing" ? { kind: "processing", delaySeconds: input.delaySeconds } : { kind: input.refund };
}

export function toCashierOutcome(input: Exclude<OutcomeInput, { outcome: "refund" }>): CashierOutcome {
  return input.outcome === "notify_delayed" ? { kind: "notify_delayed", delaySeconds: input.delaySeconds } : { kind: input.outcome };
}

export type CashierPage = CashierView & {
  merchantName: string;
  amountLabel: string;
  refundable: boolean;
  refundedYuan: string;
  refundScript: string;
  /** Alipay's quit_url: where its cashier's "back to the merchant" goes. */
  quitUrl: string | null;
};

/** The merchant a sandbox app or mch id was provisioned for (accountRef is the merchant id). */
async function merchantNameFor(view: CashierView): Promise<string> {
  const store = sandboxStore();
  const trade = await store.getTrade(view.tradeId);
  if (!trade) return "";
  const ref =
    trade.provider === "alipay" ? (await store.getAlipayApp(trade.appId))?.accountRef : (await store.getWechatMerchant(trade.mchid ?? ""))?.accountRef;
  if (!ref) return "";
  const [row] = await db().select({ name: merchants.name }).from(merchants).where(eq(merchants.id, ref)).limit(1);
  return row?.name ?? "";
}

export async function loadCashierPage(tradeId: string): Promise<CashierPage | null> {
  const view = await showCashier(sandboxStore(), tradeId, new Date());
  if (!view) return null;
  const trade = await sandboxStore().getTrade(view.tradeId);
  const script = trade ? refundScriptOf(trade) : { kind: "succeed" as const };
  return {
    ...view,
    merchantName: await merchantNameFor(view),
    amountLabel: `¥${fenToYuan(view.amountFen)}`,
    // The trade view for refunds: paid trades (and fully refunded ones) show what their refunds do.
    refundable: trade !== null && trade.paidAt !== null,
    refundedYuan: fenToYuan(trade?.refundedFen ?? 0),
    refundScript: script.kind === "processing" ? `processing ${script.delaySeconds}s, then succeed` : script.kind,
    quitUrl: trade?.quitUrl ?? null,
  };
}

export async function tradeIdForPrepayId(prepayId: string): Promise<string | null> {
  return (await sandboxStore().findTradeByPrepayId(prepayId))?.id ?? null;
}

export type SimulationResult =
  | { ok: true; tradeId: string; status: string; notificationsQueued: number; redirectUrl: string | null }
  | { ok: false; error: "trade_not_found" | "trade_paid" | "trade_closed"; status: string | null };

/** Applies a tester's choice and queues the notifications it promises. */
export async function simulateOutcome(tradeId: string, input: OutcomeInput, wechatRedirectUrl?: string | null): Promise<SimulationResult> {
  try {
    if (input.outcome === "refund") {
      const trade = await scriptRefunds(sandboxStore(), tradeId, toRefundScript(input));
      return { ok: true, tradeId, status: trade.status, notificationsQueued: 0, redirectUrl: null };
    }
    const result = await submitCashier(sandboxStore(), tradeId, toCashierOutcome(input), { now: new Date(), wechatRedirectUrl });
    await enqueueSandboxNotifications(result.notifications);
    // JSAPI's sheet closes back into the merchant's page; the stand-in bridge passed where that is.
    if (!result.redirectUrl && result.trade.tradeType === "JSAPI" && wechatRedirectUrl && input.outcome !== "reject") {
      result.redirectUrl = wechatRedirectUrl;
    }
    return {
      ok: true,
      tradeId,
      status: result.trade.status,
      notificationsQueued: result.notifications.length,
      redirectUrl: result.redirectUrl,
    };
  } catch (error) {
    if (error instanceof SandboxTradeError) return { ok: false, error: error.code, status: error.trade?.status ?? null };
    throw error;
  }
}

/**
 * What the sandbox's "scanner" finds behind a QR code's text: a WeChat Native code_url
 * (weixin://wxpay/bizpayurl?pr=<prepay_id>) or one of its own cashier URLs (Alipay precreate's qr_code).
 */
export async function tradeIdForScannedCode(code: string): Promise<string | null> {
  const prepayId = prepayIdOfCodeUrl(code);
  if (prepayId) {
    const trade = await sandboxStore().findTradeByPrepayId(prepayId);
    return trade?.tradeType === "NATIVE" ? trade.id : null;
  }
  const tradeId = /^https?:\/\/[^\s/]+(?:\/[^\s]*)?\/sandbox\/pay\/(sbt_[A-Za-z0-9]+)$/.exec(code.trim())?.[1];
  return tradeId && (await sandboxStore().getTrade(tradeId)) ? tradeId : null;
}
