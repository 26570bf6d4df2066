import { buildAlipayNotification, buildAlipayRefundNotification, buildAlipayReturnUrl } from "./alipay";
import { getRefundOrThrow, settleRefundIfDue } from "./refunds";
import { fenToYuan } from "./format";
import type { SandboxStore, SandboxTrade } from "./store";
import { applyCashierOutcome, getTradeOrThrow, isPaid, openCashier, SandboxTradeError, type CashierOutcome, type NotificationIntent, type TransitionResult } from "./trades";
import { buildWechatNotification, buildWechatRefundNotification } from "./wechatpay";

/**
 * The sandbox cashier page (/sandbox/pay/{tradeId}) and notification delivery glue: what the page
 * shows, what its buttons do, where the buyer goes next, and the signed request for a queued
 * notification. The page and the queue stay thin around these.
 */

export interface CashierView {
  tradeId: string;
  provider: SandboxTrade["provider"];
  tradeType: SandboxTrade["tradeType"];
  outTradeNo: string;
  subject: string;
  amountFen: number;
  /** For display only ("88.88"). */
  amountYuan: string;
  status: SandboxTrade["status"];
  payable: boolean;
  timeExpire: Date;
}

function view(trade: SandboxTrade, payable: boolean): CashierView {
  return {
    tradeId: trade.id,
    provider: trade.provider,
    tradeType: trade.tradeType,
    outTradeNo: trade.outTradeNo,
    subject: trade.subject,
    amountFen: trade.amountFen,
    amountYuan: fenToYuan(trade.amountFen),
    status: trade.status,
    payable,
    timeExpire: trade.timeExpire,
  };
}

/** Opening the page: from now on an Alipay trade exists for query/close. Paid/closed trades show as not payable. */
export async function showCashier(store: SandboxStore, tradeId: string, now: Date): Promise<CashierView | null> {
  try {
    return view((await openCashier(store, tradeId, now)).trade, true);
  } catch (err) {
    if (!(err instanceof SandboxTradeError)) throw err;
    return err.trade ? view(err.trade, false) : null;
  }
}

export interface CashierSubmission extends TransitionResult {
  /** Where the browser goes next, or null to stay on the page. */
  redirectUrl: string | null;
}

/**
 * A button press. After paying, Alipay sends the buyer to the signed return_url; cancelling goes to
 * quit_url. WeChat h5 returns to the `redirect_url` the merchant appended to h5_url (passed in here
 * by the page), and jsapi returns to the merchant's page via the JS bridge callback (no redirect).
 */
export async function submitCashier(
  store: SandboxStore,
  tradeId: string,
  outcome: CashierOutcome,
  opts: { now: Date; wechatRedirectUrl?: string | null },
): Promise<CashierSubmission> {
  const result = await applyCashierOutcome(store, tradeId, outcome, opts.now);
  const { trade } = result;
  let redirectUrl: string | null = null;
  if (trade.provider === "alipay") {
    if (outcome.kind === "cancel") redirectUrl = trade.quitUrl;
    else if (isPaid(trade)) redirectUrl = await buildAlipayReturnUrl(store, trade, opts.now);
  } else if (trade.tradeType === "MWEB" && outcome.kind !== "reject") {
    redirectUrl = opts.wechatRedirectUrl ?? null;
  }
  return { ...result, redirectUrl };
}

export interface OutgoingNotification {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  notificationId: string;
}

/**
 * The signed request for a queued notification, built at send time from the trade as it is now
 * (re-signed per attempt, with the intent's id kept so retries carry the same notify_id / event id).
 */
export async function buildSandboxNotification(store: SandboxStore, intent: NotificationIntent, now: Date = new Date()): Promise<OutgoingNotification> {
  const trade = await getTradeOrThrow(store, intent.tradeId);
  const opts = { notificationId: intent.notificationId, now };
  if (intent.refundId) {
    // A delayed refund notification is due when its refund is: settle it first (nobody may have asked).
    const refund = await settleRefundIfDue(store, await getRefundOrThrow(store, intent.refundId), now);
    const r = intent.provider === "alipay" ? await buildAlipayRefundNotification(store, trade, refund, opts) : await buildWechatRefundNotification(store, trade, refund, opts);
    return { url: r.url, method: r.method, headers: r.headers, body: r.body, notificationId: r.notificationId };
  }
  const n = intent.provider === "alipay" ? await buildAlipayNotification(store, trade, opts) : await buildWechatNotification(store, trade, opts);
  return { url: n.url, method: n.method, headers: n.headers, body: n.body, notificationId: n.notificationId };
}
