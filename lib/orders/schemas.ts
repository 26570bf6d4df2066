import { isIP } from "node:net";
import { z } from "zod";
import { MAX_IP_LENGTH, normaliseIp } from "../ip";
import { httpUrlSchema as httpUrl } from "../http-url";
import { CHANNEL_IDS, type ChannelId } from "../channels";
import { orderStatuses } from "../db/schema/orders";
import { listQuerySchema } from "../api/pagination";
import { listOf, operation, timestamp } from "../openapi/operation";

export const MAX_QUANTITY = 999;
/** 1 minute to 24 hours: shorter cannot be paid in time, longer outlives WeChat's prepay_id by far. */
const MIN_EXPIRY_MS = 60_000;
const MAX_EXPIRY_MS = 24 * 3600_000;

export const createOrderSchema = z
  .object({
    goodsId: z.string().min(1).max(64),
    quantity: z.number().int("must be a whole number").min(1).max(MAX_QUANTITY),
    channel: z.enum(CHANNEL_IDS as [ChannelId, ...ChannelId[]], `must be one of ${CHANNEL_IDS.join(", ")}`),
    buyerId: z.string().trim().min(1).max(128),
    attach: z.string().max(1024).optional(),
    openId: z.string().trim().min(1).max(128).optional(),
    // Stored in a 45-character column and handed to WeChat: bounded, no zone id ("fe80::1%eth0" means
    // nothing off the buyer's host), in canonical form.
    clientIp: z
      .string()
      .max(MAX_IP_LENGTH)
      .refine((v) => !v.includes("%") && isIP(v) !== 0, "must be an IPv4 or IPv6 address, without a zone id")
      .transform((v) => normaliseIp(v) ?? v)
      .optional(),
    returnUrl: httpUrl.optional(),
    // The range check lives on the field, after the transform: an object-level refinement also runs
    // when a field failed, and would then read the untransformed string (issue 12: a 500).
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .refine((d) => {
        const ms = d.getTime() - Date.now();
        return ms >= MIN_EXPIRY_MS && ms <= MAX_EXPIRY_MS;
      }, "must be between 1 minute and 24 hours from now")
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.channel === "wechat_jsapi" && !v.openId) {
      ctx.addIssue({ code: "custom", path: ["openId"], message: "is required for wechat_jsapi (the payer's openid for your appid)" });
    }
  });

export type CreateOrderInput = z.infer<typeof createOrderSchema>;

export const listOrdersSchema = z.object({
  status: z.enum(["pending", "paid", "closed"]).optional(),
  goodsId: z.string().min(1).max(64).optional(),
  buyerId: z.string().min(1).max(128).optional(),
  channel: z.enum(CHANNEL_IDS as [ChannelId, ...ChannelId[]]).optional(),
});

/** The order object in every answer and in every order event (lib/orders/view.ts orderView). */
export const orderSchema = z
  .object({
    id: z.string().meta({ example: "ord_7Yb3kQ9xLm2Np4Rs6Tv8Wz" }),
    object: z.literal("order"),
    livemode: z.boolean(),
    status: z.enum(orderStatuses).meta({ description: "pending → paid | closed. paid is final; closed becomes paid (paidAfterClose) only if the channel proves the buyer paid." }),
    goodsId: z.string(),
    quantity: z.number().int(),
    amount: z.number().int().meta({ description: "goods.price × quantity in fen, fixed at creation." }),
    currency: z.string().meta({ example: "CNY" }),
    channel: z.enum(CHANNEL_IDS as [ChannelId, ...ChannelId[]]),
    buyerId: z.string(),
    attach: z.string().nullable(),
    channelTradeNo: z.string().nullable(),
    payParams: z
      .record(z.string(), z.string())
      .nullable()
      .meta({
        description:
          "What the buyer's page needs to pay: alipay_h5 → { payUrl }; wechat_h5 → { h5Url }; wechat_jsapi → { appId, timeStamp, nonceStr, package, signType, paySign } (WeixinJSBridge getBrandWCPayRequest); wechat_native → { codeUrl } (weixin://wxpay/bizpayurl?pr=…, show it as a QR code); alipay_pc → { payUrl } (alipay.trade.page.pay, a GET URL for a desktop browser); alipay_qr → { qrCode } (alipay.trade.precreate, show it as a QR code).",
      }),
    paidAfterClose: z.boolean(),
    duplicatePayment: z.boolean().meta({
      description:
        "true when the order was paid after another order of the same checkout session had been (the buyer paid the session twice, e.g. through an old pay URL or both QR codes). The order stays paid: refund it. The session lists it in duplicatePaymentOrderIds.",
    }),
    amountRefunded: z.number().int().meta({ description: "Sum of the order's succeeded refunds, in fen." }),
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: timestamp(),
    paidAt: timestamp().nullable(),
    closedAt: timestamp().nullable(),
    expiresAt: timestamp(),
  })
  .meta({ id: "Order" });

export const orderOperations = [
  operation("POST /api/v1/orders", {
    id: "createOrder",
    tag: "Orders",
    summary: "Create an order",
    description: "The amount is the goods' price × quantity, computed by payrelay. Answers with the pay parameters for the chosen channel.",
    auth: "any",
    body: createOrderSchema,
    status: 201,
    response: orderSchema,
    errors: { 502: "channel_error: the channel refused or failed; the error carries `channelCode` and the `order`." },
  }),
  operation("GET /api/v1/orders", { id: "listOrders", tag: "Orders", summary: "List orders", auth: "secret", query: [listQuerySchema, listOrdersSchema], response: listOf(orderSchema, "OrderList") }),
  operation("GET /api/v1/orders/{id}", {
    id: "retrieveOrder",
    tag: "Orders",
    summary: "Retrieve an order",
    description: "While the order is pending, payrelay asks the channel for the truth and records it before answering.",
    auth: "any",
    response: orderSchema,
  }),
  operation("POST /api/v1/orders/{id}/close", {
    id: "closeOrder",
    tag: "Orders",
    summary: "Close an order",
    description: "Closes the order at the channel and here. An order the channel reports paid becomes paid instead (409 order_already_paid, with the order).",
    auth: "secret",
    response: orderSchema,
    errors: { 409: "order_already_paid: the channel says the buyer paid; the error carries the paid `order`.", 502: "channel_error: the channel could not close the order." },
  }),
];
