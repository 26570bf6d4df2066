import { ApiError } from "../api/errors";
import { db, type DbOrTx } from "../db/client";
import { channelCallbacks } from "../db/schema";
import { newId } from "../ids";
import { logger } from "../log";
import { readBodyCapped } from "../api/body";
import { getProvider, isProvider, type Acknowledgement, type NormalisedNotification, type NotificationRequest, type PaymentNotification, type RefundNotification, type VerifiedNotification } from "../channels";
import { getRefundById } from "../refunds/get-refunds";
import { markRefundFailed, markRefundSucceeded } from "../refunds/transitions";
import { loadChannelAccountById, loadChannelAccountVersion, olderVersionsInUse, type LoadedChannelAccount } from "../channel-accounts/channel-accounts";
import { notificationVerifierFor } from "./channel-for";
import { getOrderById } from "./get-orders";
import { markOrderClosed, markOrderPaid, markPendingOrderPaid, type TransitionOutcome } from "./transitions";
import { insertStatement, type Statement } from "../db/one-trip";
import { syncOrder } from "./sync-order";
import { countCallback } from "../metrics/metrics";

/** Kept with every callback's record, besides the provider's own signature headers. */
const KEPT_HEADERS = ["content-type", "user-agent"];
/**
 * What an unverified callback may store: anyone who knows an account id (it is in every pay URL)
 * can post one, so it is kept as evidence, not as a free 64 KiB of our disk each time. A verified
 * notification is the provider's and is kept up to the column's 60,000 characters.
 */
export const UNVERIFIED_BODY_MAX_BYTES = 4096;
const HEADER_VALUE_MAX_CHARS = 512;
const NO_SUCH_PROVIDER: Acknowledgement = { status: 404, body: "not found", contentType: "text/plain" };

/** A callback as it arrives: its headers, and its raw body read with the API's cap (lib/api/body.ts). */
export type InboundCallback = { headers: Headers; readBody: () => Promise<string> };

/** A web Request (the Next route, tests) as an InboundCallback. */
export const inboundFromRequest = (req: Request): InboundCallback => ({ headers: req.headers, readBody: () => readBodyCapped(req) });

type Verdict = { ok: boolean; outcome: string; reason?: string; orderId?: string | null; recorded?: boolean };
type Log = ReturnType<typeof logger>;
/**
 * The callback's own record with a verdict: `write` writes it in `tx` (a transition's transaction)
 * or on its own; `statement` is the same row for a one-trip transition (markPendingOrderPaid).
 */
type RecordCallback = { write: (tx: DbOrTx, verdict: Verdict) => Promise<unknown>; statement: (verdict: Verdict) => Statement };

/**
 * POST /api/callbacks/{provider}/{channelAccountId}: verify on the raw body with that account's
 * keys, check it belongs to an order of that account with the same amount, apply the transition by
 * compare-and-set, record it (verified or not; a notification that reaches a transition is recorded
 * in the transition's own transaction, so the two are one durable commit), and answer the
 * provider's exact acknowledgement.
 * An unverifiable notification changes nothing; if it names one of our orders, the channel is asked
 * for the truth instead (hyperswitch does the same).
 *
 * Never throws: whatever fails here (the database, a bug) is logged and answered with the
 * provider's failure acknowledgement, so the provider sends the notification again and nothing is
 * lost while we are failing.
 */
export async function handleChannelCallback(provider: string, accountId: string, req: InboundCallback): Promise<Acknowledgement> {
  if (!isProvider(provider)) return NO_SUCH_PROVIDER;
  const answers = getProvider(provider);
  const log = logger().child({ callback: provider, channelAccountId: accountId });
  try {
    const account = await loadChannelAccountById(accountId);
    if (!account || account.provider !== provider) {
      log.warn("callback for an unknown channel account");
      countCallback(provider, "unknown_account");
      return answers.acknowledgeFailure("unknown channel account", "rejected");
    }
    const rawBody = await req.readBody();
    const verdict = await handle(account, req.headers, rawBody, [...KEPT_HEADERS, ...answers.notificationHeaders], log);
    return verdict.ok ? answers.acknowledgeSuccess() : answers.acknowledgeFailure(verdict.reason, "rejected");
  } catch (error) {
    // An oversize or non-UTF-8 body is the sender's doing, not an outage of ours.
    if (error instanceof ApiError && error.status < 500) return answers.acknowledgeFailure(error.message, "rejected");
    log.error({ err: error }, "callback handling failed");
    return answers.acknowledgeFailure("internal error", "internal");
  }
}

async function handle(account: LoadedChannelAccount, headers: Headers, rawBody: string, keptHeaders: string[], log: Log): Promise<Verdict> {
  const parsed = await parseWithVersions(account, { headers, rawBody });
  // One id, so a transition run again after a deadlock writes the same record (the first was rolled back).
  const id = newId("cb");
  const row = (verdict: Verdict): typeof channelCallbacks.$inferInsert => ({
    id,
    channelAccountId: account.id,
    merchantId: account.merchantId,
    provider: account.provider,
    orderId: verdict.orderId ?? null,
    verified: parsed.verified,
    outcome: verdict.outcome,
    reason: verdict.reason?.slice(0, 512) ?? null,
    notificationId: parsed.verified ? (parsed.notificationId ?? null) : null,
    headers: Object.fromEntries(keptHeaders.flatMap((h) => (headers.get(h) ? [[h, headers.get(h)!.slice(0, HEADER_VALUE_MAX_CHARS)]] : []))),
    rawBody: parsed.verified ? rawBody.slice(0, 60_000) : utf8Prefix(rawBody, UNVERIFIED_BODY_MAX_BYTES),
    receivedAt: new Date(),
  });
  const recordCallback: RecordCallback = {
    write: (tx, verdict) => tx.insert(channelCallbacks).values(row(verdict)),
    // Written only if the transition's compare-and-set won; when it lost, markOrderPaid writes it.
    statement: (verdict) => insertStatement(channelCallbacks, row(verdict), { onlyIf: "applied" }),
  };
  const verdict: Verdict = parsed.verified
    ? await applyVerified(account, parsed, recordCallback)
    : { ok: false, outcome: "unverified", reason: parsed.reason, orderId: await claimedOrderId(parsed.claimedOutTradeNo, account) };
  // A notification that applied a transition was recorded in its transaction; any other on its own.
  if (!verdict.recorded) await recordCallback.write(db(), verdict);
  log.info({ orderId: verdict.orderId, outcome: verdict.outcome, reason: verdict.reason }, "channel callback");
  countCallback(account.provider, verdict.outcome);
  if (!parsed.verified && verdict.orderId) void askChannel(verdict.orderId, log);
  return verdict;
}

/**
 * Verifies with the account's current credentials, then, if that fails, with the version of the
 * order the notification claims (Alipay's form names it) and with the older versions that still
 * have orders in flight (WeChat's names none: the order is inside the encrypted resource). A
 * notification for an order made before a credential replacement is signed, or encrypted, with the
 * keys of that order's version. At most a handful of versions are tried, so a forged callback
 * costs a bounded amount of work.
 */
async function parseWithVersions(account: LoadedChannelAccount, req: NotificationRequest): Promise<NormalisedNotification> {
  const current = await notificationVerifierFor(account).parseNotification(req);
  if (current.verified) return current;
  const candidates: LoadedChannelAccount[] = [];
  const claimed = current.claimedOutTradeNo ? await getOrderById(current.claimedOutTradeNo).catch(() => null) : null;
  if (claimed && claimed.channelAccountId === account.id && claimed.credentialVersion !== null && claimed.credentialVersion !== account.version) {
    const version = await loadChannelAccountVersion(account.id, claimed.credentialVersion);
    if (version) candidates.push(version);
  }
  for (const version of await olderVersionsInUse(account)) {
    if (!candidates.some((c) => c.version === version.version)) candidates.push(version);
  }
  for (const candidate of candidates) {
    const parsed = await notificationVerifierFor(candidate).parseNotification(req);
    if (parsed.verified) return parsed;
  }
  return current;
}

/** A verified notification, by kind. */
function applyVerified(account: LoadedChannelAccount, n: VerifiedNotification, recordCallback: RecordCallback): Promise<Verdict> {
  switch (n.kind) {
    case "payment":
      return applyPayment(account, n, recordCallback);
    case "refund":
      return applyRefund(account, n);
  }
}

/** The notification names the account's app (and merchant number where the provider has one). */
function identityMismatch(account: LoadedChannelAccount, n: { appId?: string; mchId?: string }): string | null {
  if (n.appId !== undefined && n.appId !== account.publicConfig.appId) return "app id does not match the account";
  if ((n.mchId !== undefined || account.publicConfig.mchId !== undefined) && n.mchId !== account.publicConfig.mchId) return "mch id does not match the account";
  return null;
}

/**
 * A refund notification (WeChat REFUND.*, Alipay wap's refund-triggered trade_status_sync). It
 * settles the refund it names and never touches the order's payment state: a TRADE_CLOSED that
 * carries refund_fee is a refunded paid trade, not an unpaid close.
 */
async function applyRefund(account: LoadedChannelAccount, n: RefundNotification): Promise<Verdict> {
  const order = await getOrderById(n.outTradeNo);
  const reject = (reason: string, orderId: string | null = null): Verdict => ({ ok: false, outcome: "rejected", reason, orderId });
  if (!order || order.merchantId !== account.merchantId || order.channelAccountId !== account.id) return reject("unknown order for this account");
  // The identities of the credentials the order was created with, which a replacement since does not change.
  const made = await credentialsOfOrder(account, order);
  if (!made) return reject("the order's credential version is missing", order.id);
  const mismatch = identityMismatch(made, n);
  if (mismatch) return reject(mismatch, order.id);
  if (n.totalFen !== undefined && n.totalFen !== order.amountFen) return reject(`total ${n.totalFen} does not match the order's ${order.amountFen}`, order.id);
  const refund = n.outRefundNo ? await getRefundById(n.outRefundNo) : null;
  // A refund made elsewhere (the provider's console): acknowledged, nothing of ours changes.
  if (!refund || refund.orderId !== order.id) return { ok: true, outcome: "ignored", reason: "refund not made through payrelay", orderId: order.id };
  if (n.refundFen !== undefined && n.refundFen !== refund.amountFen) return reject(`refund ${n.refundFen} does not match ours ${refund.amountFen}`, order.id);
  if (n.status === "pending") return { ok: true, outcome: "ignored", orderId: order.id };
  const { outcome } =
    n.status === "succeeded"
      ? await markRefundSucceeded(refund.id, { channelRefundNo: n.channelRefundNo, succeededAt: n.succeededAt })
      : await markRefundFailed(refund.id, n.failure ?? { code: "refund_failed", message: "The channel reported the refund failed." });
  return { ok: true, outcome: outcome === "applied" ? "applied" : "duplicate", orderId: order.id };
}

async function applyPayment(account: LoadedChannelAccount, n: PaymentNotification, recordCallback: RecordCallback): Promise<Verdict> {
  const order = await getOrderById(n.outTradeNo);
  const reject = (reason: string, orderId: string | null = null): Verdict => ({ ok: false, outcome: "rejected", reason, orderId });
  if (!order || order.merchantId !== account.merchantId || order.channelAccountId !== account.id) return reject("unknown order for this account");
  // Every identity the notification names must be the account's (the app; the merchant number where the provider has one).
  // The identities of the credentials the order was created with, which a replacement since does not change.
  const made = await credentialsOfOrder(account, order);
  if (!made) return reject("the order's credential version is missing", order.id);
  const mismatch = identityMismatch(made, n);
  if (mismatch) return reject(mismatch, order.id);
  if (n.amountFen !== order.amountFen || n.currency !== order.currency) {
    logger().error({ orderId: order.id, expected: order.amountFen, reported: n.amountFen }, "callback amount differs from the order");
    return reject(`amount ${n.amountFen} ${n.currency} does not match the order's ${order.amountFen} ${order.currency}`, order.id);
  }
  // The transition and the callback's record of it commit together: one durable commit per callback.
  if (n.status === "paid") {
    const paid = (outcome: TransitionOutcome): Verdict => ({ ok: true, outcome: outcome === "already" ? "duplicate" : outcome, orderId: order.id, recorded: true });
    const facts = { channelTradeNo: n.channelTradeNo, paidAt: n.paidAt ?? new Date(), payerId: n.payerId };
    // The common case in one round trip; anything else (already paid, closed since the read, a checkout session's order) in full.
    const won = await markPendingOrderPaid(order, facts, (r) => [recordCallback.statement(paid(r.outcome))]);
    if (won) return paid(won.outcome);
    const { outcome } = await markOrderPaid(order.id, facts, (tx, r) => recordCallback.write(tx, paid(r.outcome)));
    return paid(outcome);
  }
  if (n.status === "closed") {
    const closed = (outcome: TransitionOutcome): Verdict => ({ ok: true, outcome: outcome === "applied" ? "applied" : "duplicate", orderId: order.id, recorded: true });
    const { outcome } = await markOrderClosed(order.id, undefined, (tx, r) => recordCallback.write(tx, closed(r.outcome)));
    return closed(outcome);
  }
  return { ok: true, outcome: "ignored", orderId: order.id };
}

/** The order an unverified notification claims to be about, if it is one of this account's. */
async function claimedOrderId(claimed: string | undefined, account: LoadedChannelAccount): Promise<string | null> {
  if (!claimed) return null;
  const order = await getOrderById(claimed).catch(() => null);
  return order && order.channelAccountId === account.id ? order.id : null;
}

async function askChannel(orderId: string, log: Log): Promise<void> {
  try {
    const order = await getOrderById(orderId);
    // force: a closed order may have been paid after all; untrusted: one query per lock window at most.
    if (order) await syncOrder(order, { force: true, untrusted: true });
  } catch (error) {
    log.warn({ err: error, orderId }, "query after an unverifiable callback failed");
  }
}

/** The order's credential version (the account's current one when they are the same). */
async function credentialsOfOrder(account: LoadedChannelAccount, order: { credentialVersion: number | null }): Promise<LoadedChannelAccount | null> {
  return order.credentialVersion === null || order.credentialVersion === account.version ? account : loadChannelAccountVersion(account.id, order.credentialVersion);
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between characters. */
export function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) so the cut falls on the start of a character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}
