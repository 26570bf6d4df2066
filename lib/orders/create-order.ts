import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { orders } from "../db/schema";
import { newId } from "../ids";
import { ApiError, invalid } from "../api/errors";
import { getGoodsOrThrow, type Owner } from "../goods/goods";
import { ChannelError, providerOf, type ChannelId } from "../channels";
import { loadChannelAccountOrThrow, type LoadedChannelAccount } from "../channel-accounts/channel-accounts";
import { ensureTestChannelAccounts } from "../merchants/test-channel-accounts";
import { recordEvent } from "../events/events";
import { enqueueEvents } from "../notify/jobs";
import { callbackUrl, channelFor } from "./channel-for";
import { logged } from "./channel-log";
import { markOrderClosed } from "./transitions";
import { orderView, type OrderRow, type OrderView } from "./view";
import { countOrderCreated } from "../metrics/metrics";
import type { CreateOrderInput } from "./schemas";

const DEFAULT_EXPIRY_MS = 30 * 60_000;
/** Per-trade ceilings of the providers: WeChat's `total` is a 32-bit int of fen; Alipay's limit is 100,000,000.00 yuan. */
const MAX_AMOUNT_FEN: Record<"alipay" | "wechatpay", number> = { alipay: 10_000_000_000, wechatpay: 2_147_483_647 };
/** WeChat's description is at most 127 characters; Alipay's subject 256. One limit keeps them alike. */
const MAX_SUBJECT = 127;

export async function accountForOrder(owner: Owner, channel: ChannelId): Promise<LoadedChannelAccount> {
  const provider = providerOf(channel);
  const mode = owner.livemode ? "live" : "test";
  try {
    return await loadChannelAccountOrThrow(owner.merchantId, provider, mode);
  } catch (error) {
    if (!(error instanceof ApiError) || error.type !== "not_found") throw error;
    if (owner.livemode) {
      throw invalid("channel_not_configured", `No live ${provider} credentials are configured. PUT /api/v1/channel-accounts/${provider} first.`, "channel");
    }
    // Test mode needs no configuration: provision the sandbox account if it is missing.
    await ensureTestChannelAccounts(owner.merchantId);
    return loadChannelAccountOrThrow(owner.merchantId, provider, mode);
  }
}

function subjectFor(goodsName: string, quantity: number): string {
  const suffix = quantity > 1 ? ` × ${quantity}` : "";
  return [...goodsName].slice(0, MAX_SUBJECT - suffix.length).join("") + suffix;
}

/**
 * POST /api/v1/orders. The amount is the goods' price × quantity, computed here; the caller never
 * names it. The order and its `order.created` event are committed first, then the channel is
 * called outside any transaction, so a channel failure can never leave a half-made order: either
 * nothing was created at the channel and the order is closed, or it may have been and the order
 * stays pending for the query and the reconciliation sweep to settle.
 */
export async function createOrder(
  owner: Owner,
  input: CreateOrderInput,
  requestIp: string | null,
  /** A checkout session fixed the unit price when it was created; it is honoured even if the goods changed since. */
  fixed?: { unitPriceFen: number },
): Promise<OrderView> {
  const goods = await getGoodsOrThrow(owner, input.goodsId);
  if (!goods.active && !fixed) throw invalid("goods_inactive", `Goods ${goods.id} is retired (active: false) and cannot be ordered.`, "goodsId");
  const provider = providerOf(input.channel);
  const unitPriceFen = fixed?.unitPriceFen ?? goods.priceFen;
  const amountFen = unitPriceFen * input.quantity;
  if (amountFen > MAX_AMOUNT_FEN[provider]) {
    throw invalid("amount_too_large", `price × quantity exceeds what ${provider} accepts in one payment.`, "quantity");
  }
  const clientIp = input.clientIp ?? requestIp;
  if (input.channel === "wechat_h5" && !clientIp) {
    throw invalid("parameter_missing", "clientIp is required for wechat_h5 when it cannot be read from the request.", "clientIp");
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
    subject: subjectFor(goods.name, input.quantity),
    buyerId: input.buyerId,
    attach: input.attach ?? null,
    openId: input.openId ?? null,
    clientIp: clientIp ?? null,
    returnUrl: input.returnUrl ?? null,
    status: "pending",
    paidAfterClose: false,
    channelTradeNo: null,
    payParams: null,
    failureCode: null,
    failureMessage: null,
    lastSyncedAt: null,
    createdAt: now,
    paidAt: null,
    closedAt: null,
    expiresAt: input.expiresAt ?? new Date(now.getTime() + DEFAULT_EXPIRY_MS),
  };
  const eventId = await db().transaction(async (tx) => {
    await tx.insert(orders).values(row);
    return recordEvent(tx, { merchantId: row.merchantId, livemode: row.livemode, type: "order.created", orderId: row.id, data: { order: orderView(row) } });
  });
  await enqueueEvents([eventId]); // after commit; never throws
  countOrderCreated(row.channel, row.livemode);

  const channel = channelFor(input.channel, account);
  try {
    const created = await logged(
      row.id,
      "create",
      () =>
        channel.createPayment({
          outTradeNo: row.id,
          amountFen,
          subject: row.subject,
          notifyUrl: callbackUrl(account),
          returnUrl: row.returnUrl ?? undefined,
          clientIp: row.clientIp ?? undefined,
          openId: row.openId ?? undefined,
          expiresAt: row.expiresAt,
        }),
      () => "created",
    );
    const patch = { payParams: created.payParams, channelTradeNo: created.channelTradeNo ?? null };
    await db().update(orders).set(patch).where(eq(orders.id, row.id));
    return orderView({ ...row, ...patch });
  } catch (error) {
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
}
