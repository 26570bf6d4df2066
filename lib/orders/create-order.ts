import { eq } from "drizzle-orm";
import { db, isDuplicateKey } from "../db/client";
import { idempotencyKeyReused, type DurableIdempotency } from "../api/idempotency";
import { channelRequests, orders } from "../db/schema";
import { newId } from "../ids";
import { ApiError, invalid } from "../api/errors";
import { getGoodsForOrder } from "../goods/goods";
import type { Owner } from "../owner";
import { ChannelError, channelLimits, createsLocally, providerOf, type ChannelId, type CreatePaymentResult } from "../channels";
import { logger } from "../log";
import { callbackUrl, loadChannelAccountForOrder, loadChannelAccountOrThrow, type LoadedChannelAccount } from "../channel-accounts/channel-accounts";
import { ensureTestChannelAccounts } from "../merchants/test-channel-accounts";
import { commitWithEvents } from "../events/outbox";
import { cachedDeliveryTargets } from "../events/targets";
import { commitInOneTrip, insertStatement } from "../db/one-trip";
import { channelFor } from "./channel-for";
import { timedChannelCall, type TimedCall } from "./channel-log";
import { markOrderClosed } from "./transitions";
import { orderView, type OrderRow, type OrderView } from "./view";
import { countOrderCreated } from "../metrics/metrics";
import type { CreateOrderInput } from "./schemas";

const DEFAULT_EXPIRY_MS = 30 * 60_000;

export async function accountForOrder(owner: Owner, channel: ChannelId): Promise<LoadedChannelAccount> {
  const provider = providerOf(channel);
  try {
    return await loadChannelAccountOrThrow(owner, provider);
  } catch (error) {
    if (!(error instanceof ApiError) || error.type !== "not_found") throw error;
    if (owner.livemode) {
      throw invalid("channel_not_configured", `No live ${provider} credentials are configured. PUT /api/v1/channel-accounts/${provider} first.`, "channel");
    }
    // Test mode needs no configuration: provision the sandbox account if it is missing.
    await ensureTestChannelAccounts(owner.merchantId);
    return loadChannelAccountOrThrow(owner, provider);
  }
}

/**
 * A retry under an Idempotency-Key whose order exists although Redis has no answer for it (the
 * process that made it died before recording one, and the in-progress lock lapsed): the existing
 * order, as a replay would give it; a different request under the key is refused as Redis would.
 */
async function orderCreatedUnder(idempotency: DurableIdempotency, error: unknown): Promise<OrderView> {
  let existing: OrderRow | undefined;
  try {
    [existing] = await db().select().from(orders).where(eq(orders.idempotencyKey, idempotency.key)).limit(1);
  } catch (lookupError) {
    // The read failing leaves the request's own answer standing (a 400 stays a 400, not our 500).
    logger().warn({ err: lookupError }, "could not look up the order under an Idempotency-Key");
    throw error;
  }
  if (!existing) throw error;
  if (existing.idempotencyFingerprint !== idempotency.fingerprint) {
    throw idempotencyKeyReused();
  }
  // The process died after the order's commit and before the channel's answer was stored (a
  // channel that must be contacted): finish it now. Asking again for the same out_trade_no with
  // the same order is what both providers expect of a retry (the same trade comes back).
  if (existing.status === "pending" && existing.payParams === null && !createsLocally(existing.channel as ChannelId)) {
    const account = await loadChannelAccountForOrder(existing);
    if (account) return createAtChannel(existing, account);
  }
  return orderView(existing);
}

/** The goods' name, cut to what the channel shows, keeping the "× n" suffix whole. */
function subjectFor(goodsName: string, quantity: number, maxLength: number): string {
  const suffix = quantity > 1 ? ` × ${quantity}` : "";
  return [...goodsName].slice(0, maxLength - suffix.length).join("") + suffix;
}

/**
 * POST /api/v1/orders. The amount is the goods' price × quantity, computed here; the caller never
 * names it. The order and its `order.created` event are committed first, then the channel is
 * called outside any transaction, so a channel failure can never leave a half-made order: either
 * nothing was created at the channel and the order is closed, or it may have been and the order
 * stays pending for the query and the reconciliation sweep to settle. A channel that contacts
 * nobody (it signs a URL) is called before the insert instead, and the order written once.
 */
export async function createOrder(
  owner: Owner,
  input: CreateOrderInput,
  requestIp: string | null,
  /** A checkout session fixed the unit price when it was created; it is honoured even if the goods changed since. */
  fixed?: { unitPriceFen: number; checkoutSessionId?: string },
  /** The request's Idempotency-Key, stored with the order: a retry after a crash gets this order, not a second one. */
  idempotency: DurableIdempotency | null = null,
): Promise<OrderView> {
  let prepared: PreparedOrder;
  try {
    prepared = await prepareOrder(owner, input, requestIp, fixed, idempotency);
  } catch (error) {
    // A retry after a crash is answered by the order stored under its key, not by what changed
    // since (goods retired, credentials removed): one read, on this refusal's path only. If that
    // read itself fails, the refusal stands as it was (a 400 stays a 400, not our 500).
    if (idempotency && error instanceof ApiError) return orderCreatedUnder(idempotency, error);
    throw error;
  }
  const { row, account, goods } = prepared;

  // A channel that only signs a URL (alipay_h5, alipay_pc) is called first, and the order is
  // written once, with its pay parameters and the record of the call, in the transaction of its
  // order.created event: one commit where a channel that must be contacted needs two. The
  // order.created event then carries the pay parameters too.
  const local = createsLocally(input.channel) ? await callChannel(row, account) : null;
  if (local?.ok) {
    row.payParams = local.value.payParams;
    row.channelTradeNo = local.value.channelTradeNo ?? null;
  }
  // One round trip (lib/db/one-trip.ts): the order, the call's record, the event and its
  // deliveries, with the targets known beforehand (the goods' URL from the goods read above, the
  // merchant's endpoints from their cache) instead of read inside the transaction.
  const event = { merchantId: row.merchantId, livemode: row.livemode, type: "order.created" as const, orderId: row.id, data: { order: orderView(row) } };
  try {
    await commitWithEvents(
      [insertStatement(orders, row), ...(local ? [insertStatement(channelRequests, local.record)] : [])],
      [{ event, targets: await cachedDeliveryTargets(event, goods.notifyOrderCreatedUrl) }],
    );
  } catch (error) {
    if (idempotency && isDuplicateKey(error)) return orderCreatedUnder(idempotency, error);
    throw error;
  }
  countOrderCreated(row.channel, row.livemode);
  if (local?.ok) return orderView(row);

  // Otherwise the channel is called outside any transaction, after the order is safely committed.
  return createAtChannel(row, account, local);
}

type PreparedOrder = { row: OrderRow; account: LoadedChannelAccount; goods: Awaited<ReturnType<typeof getGoodsForOrder>> };

/** Everything that may refuse an order before anything is written: the goods, the amount, the channel's needs, the account. */
async function prepareOrder(
  owner: Owner,
  input: CreateOrderInput,
  requestIp: string | null,
  fixed: { unitPriceFen: number; checkoutSessionId?: string } | undefined,
  idempotency: DurableIdempotency | null,
): Promise<PreparedOrder> {
  const goods = await getGoodsForOrder(owner, input.goodsId);
  if (!goods.active && !fixed) throw invalid("goods_inactive", `Goods ${goods.id} is retired (active: false) and cannot be ordered.`, "goodsId");
  const limits = channelLimits(input.channel);
  const unitPriceFen = fixed?.unitPriceFen ?? goods.priceFen;
  const amountFen = unitPriceFen * input.quantity;
  if (amountFen > limits.maxAmountFen) {
    throw invalid("amount_too_large", `price × quantity exceeds what ${providerOf(input.channel)} accepts in one payment.`, "quantity");
  }
  if (input.returnUrl && limits.maxReturnUrlLength !== undefined && input.returnUrl.length > limits.maxReturnUrlLength) {
    throw invalid("parameter_invalid", `returnUrl may be at most ${limits.maxReturnUrlLength} characters for ${input.channel}.`, "returnUrl");
  }
  const clientIp = input.clientIp ?? requestIp;
  if (limits.needsClientIp && !clientIp) {
    throw invalid("parameter_missing", `clientIp is required for ${input.channel} when it cannot be read from the request.`, "clientIp");
  }
  if (limits.needsOpenId && !input.openId) {
    throw invalid("parameter_missing", `openId is required for ${input.channel} (the payer's openid for your appid).`, "openId");
  }
  const account = await accountForOrder(owner, input.channel);
  const now = new Date();
  const row: OrderRow = {
    id: newId("ord"),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    goodsId: goods.id,
    quantity: input.quantity,
    unitPriceFen,
    amountFen,
    currency: goods.currency,
    channel: input.channel,
    channelAccountId: account.id,
    credentialVersion: account.version,
    subject: subjectFor(goods.name, input.quantity, limits.maxSubjectLength),
    buyerId: input.buyerId,
    attach: input.attach ?? null,
    openId: input.openId ?? null,
    clientIp: clientIp ?? null,
    returnUrl: input.returnUrl ?? null,
    checkoutSessionId: fixed?.checkoutSessionId ?? null,
    status: "pending",
    paidAfterClose: false,
    duplicatePayment: false,
    amountRefundedFen: 0,
    refundReservedFen: 0,
    channelTradeNo: null,
    payParams: null,
    failureCode: null,
    failureMessage: null,
    lastSyncedAt: null,
    sweepFailures: 0,
    nextAttemptAt: null,
    createdAt: now,
    paidAt: null,
    closedAt: null,
    expiresAt: input.expiresAt ?? new Date(now.getTime() + DEFAULT_EXPIRY_MS),
    idempotencyKey: idempotency?.key ?? null,
    idempotencyFingerprint: idempotency?.fingerprint ?? null,
  };
  return { row, account, goods };
}

/** The channel's create call for an order, timed, its record not yet written. */
function callChannel(row: OrderRow, account: LoadedChannelAccount) {
  const channel = channelFor(row.channel as ChannelId, account);
  const paymentInput = {
    outTradeNo: row.id,
    amountFen: row.amountFen,
    subject: row.subject,
    notifyUrl: callbackUrl(account),
    returnUrl: row.returnUrl ?? undefined,
    clientIp: row.clientIp ?? undefined,
    openId: row.openId ?? undefined,
    expiresAt: row.expiresAt,
  };
  return timedChannelCall(row.id, "create", () => channel.createPayment(paymentInput), () => "created");
}

/**
 * A committed order's payment at a channel that must be contacted: the call, then its pay
 * parameters and record in one round trip; a failure closes the order when nothing was created at
 * the channel and is answered as channel_error. `local` is a call already made (a signing channel that failed).
 */
async function createAtChannel(row: OrderRow, account: LoadedChannelAccount, local: TimedCall<CreatePaymentResult> | null = null): Promise<OrderView> {
  const created = local ?? (await callChannel(row, account));
  if (created.ok) {
    const patch = { payParams: created.value.payParams, channelTradeNo: created.value.channelTradeNo ?? null };
    // The pay parameters and the call's record: one transaction, one round trip.
    await commitInOneTrip([
      { sql: "update `orders` set `pay_params` = ?, `channel_trade_no` = ? where `id` = ?", values: [JSON.stringify(patch.payParams), patch.channelTradeNo, row.id] },
      insertStatement(channelRequests, created.record),
    ]);
    return orderView({ ...row, ...patch });
  }
  const error = created.error;
  if (!local) {
    // Best effort, as for every channel call: losing the record must not fail the payment's answer.
    void db()
      .insert(channelRequests)
      .values(created.record)
      .catch((e: unknown) => logger().warn({ err: e, orderId: row.id }, "could not record channel request"));
  }
  if (!(error instanceof ChannelError)) throw error;
  const failure = { code: error.code, message: error.message };
  let order: OrderRow;
  if (error.createdAtChannel === "no") {
    order = (await markOrderClosed(row.id, failure)).order;
  } else {
    await db()
      .update(orders)
      .set({ failureCode: failure.code, failureMessage: failure.message.slice(0, 512) })
      .where(eq(orders.id, row.id));
    order = { ...row, failureCode: failure.code, failureMessage: failure.message };
  }
  throw new ApiError("channel_error", "channel_error", `The channel refused or failed: ${error.message}`, {
    extra: { channelCode: error.code, order: orderView(order) },
  });
}
