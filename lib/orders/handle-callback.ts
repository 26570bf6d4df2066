import { db } from "../db/client";
import { channelCallbacks } from "../db/schema";
import { newId } from "../ids";
import { logger } from "../log";
import type { Acknowledgement, ChannelId, VerifiedNotification } from "../channels";
import { loadChannelAccountById, type LoadedChannelAccount } from "../channel-accounts/channel-accounts";
import { channelFor } from "./channel-for";
import { getOrderById } from "./get-orders";
import { markOrderClosed, markOrderPaid } from "./transitions";
import { syncOrder } from "./sync-order";
import type { OrderRow } from "./view";
import { countCallback } from "../metrics/metrics";

type Provider = "alipay" | "wechatpay";
/** parseNotification and acknowledge are per provider; any channel of the provider serves. */
const PARSER: Record<Provider, ChannelId> = { alipay: "alipay_h5", wechatpay: "wechat_h5" };
const KEPT_HEADERS = ["content-type", "user-agent", "wechatpay-serial", "wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-signature-type"];

type Verdict = { ok: boolean; outcome: string; reason?: string; orderId?: string | null };

/**
 * POST /api/callbacks/{provider}/{channelAccountId}: verify on the raw body with that account's
 * keys, check it belongs to an order of that account with the same amount, record it (verified or
 * not), apply the transition by compare-and-set, and answer the provider's exact acknowledgement.
 * An unverifiable notification changes nothing; if it names one of our orders, the channel is asked
 * for the truth instead (hyperswitch does the same).
 */
export async function handleChannelCallback(provider: string, accountId: string, headers: Headers, rawBody: string): Promise<Acknowledgement> {
  const log = logger().child({ callback: provider, channelAccountId: accountId });
  if (provider !== "alipay" && provider !== "wechatpay") return { status: 404, body: "not found", contentType: "text/plain" };
  const account = await loadChannelAccountById(accountId);
  if (!account || account.provider !== provider) {
    log.warn("callback for an unknown channel account");
    countCallback(provider, "unknown_account");
    return unknownAccountAck(provider);
  }
  const channel = channelFor(PARSER[provider], account);
  const parsed = await channel.parseNotification({ headers, rawBody });
  let verdict: Verdict;
  if (!parsed.verified) {
    verdict = { ok: false, outcome: "unverified", reason: parsed.reason, orderId: await claimedOrderId(provider, rawBody, account) };
  } else {
    verdict = await applyVerified(account, parsed);
  }
  await db()
    .insert(channelCallbacks)
    .values({
      id: newId("cb"),
      channelAccountId: account.id,
      merchantId: account.merchantId,
      provider,
      orderId: verdict.orderId ?? null,
      verified: parsed.verified,
      outcome: verdict.outcome,
      reason: verdict.reason?.slice(0, 512) ?? null,
      notificationId: parsed.verified ? (parsed.notificationId ?? null) : null,
      headers: Object.fromEntries(KEPT_HEADERS.flatMap((h) => (headers.get(h) ? [[h, headers.get(h)!]] : []))),
      rawBody: rawBody.slice(0, 60_000),
      receivedAt: new Date(),
    });
  log.info({ orderId: verdict.orderId, outcome: verdict.outcome, reason: verdict.reason }, "channel callback");
  countCallback(provider, verdict.outcome);
  if (!parsed.verified && verdict.orderId) void askChannel(verdict.orderId);
  return channel.acknowledge(verdict.ok, verdict.reason);
}

async function applyVerified(account: LoadedChannelAccount, n: VerifiedNotification): Promise<Verdict> {
  const order = await getOrderById(n.outTradeNo);
  const reject = (reason: string, orderId: string | null = null): Verdict => ({ ok: false, outcome: "rejected", reason, orderId });
  if (!order || order.merchantId !== account.merchantId || order.channelAccountId !== account.id) return reject("unknown order for this account");
  if (n.appId !== account.publicConfig.appId) return reject("app id does not match the account", order.id);
  if (account.provider === "wechatpay" && n.mchId !== account.publicConfig.mchId) return reject("mch id does not match the account", order.id);
  if (n.amountFen !== order.amountFen || n.currency !== order.currency) {
    logger().error({ orderId: order.id, expected: order.amountFen, reported: n.amountFen }, "callback amount differs from the order");
    return reject(`amount ${n.amountFen} ${n.currency} does not match the order's ${order.amountFen} ${order.currency}`, order.id);
  }
  if (n.status === "paid") {
    const { outcome } = await markOrderPaid(order.id, { channelTradeNo: n.channelTradeNo, paidAt: n.paidAt ?? new Date() });
    return { ok: true, outcome: outcome === "already" ? "duplicate" : outcome, orderId: order.id };
  }
  if (n.status === "closed") {
    const { outcome } = await markOrderClosed(order.id);
    return { ok: true, outcome: outcome === "applied" ? "applied" : "duplicate", orderId: order.id };
  }
  return { ok: true, outcome: "ignored", orderId: order.id };
}

/** The order an unverified Alipay form claims to be about, if it is one of this account's (WeChat's is encrypted). */
async function claimedOrderId(provider: Provider, rawBody: string, account: LoadedChannelAccount): Promise<string | null> {
  if (provider !== "alipay") return null;
  const claimed = new URLSearchParams(rawBody).get("out_trade_no");
  if (!claimed) return null;
  const order: OrderRow | null = await getOrderById(claimed).catch(() => null);
  return order && order.channelAccountId === account.id ? order.id : null;
}

async function askChannel(orderId: string): Promise<void> {
  try {
    const order = await getOrderById(orderId);
    if (order) await syncOrder(order, { force: true });
  } catch (error) {
    logger().warn({ err: error, orderId }, "query after an unverifiable callback failed");
  }
}

/** No account, so no adapter to ask: Alipay reads "fail" as "try again later", WeChat any non-2xx. */
function unknownAccountAck(provider: Provider): Acknowledgement {
  return provider === "alipay"
    ? { status: 200, body: "fail", contentType: "text/plain" }
    : { status: 404, body: JSON.stringify({ code: "FAIL", message: "unknown channel account" }), contentType: "application/json" };
}
