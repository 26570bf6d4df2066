import { isIP } from "node:net";
import { z } from "zod";
import { httpUrlSchema as httpUrl } from "../http-url";
import { CHANNEL_IDS, type ChannelId } from "../channels";

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
    clientIp: z
      .string()
      .refine((v) => isIP(v) !== 0, "must be an IPv4 or IPv6 address")
      .optional(),
    returnUrl: httpUrl.optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.channel === "wechat_jsapi" && !v.openId) {
      ctx.addIssue({ code: "custom", path: ["openId"], message: "is required for wechat_jsapi (the payer's openid for your appid)" });
    }
    if (v.expiresAt) {
      const ms = v.expiresAt.getTime() - Date.now();
      if (ms < MIN_EXPIRY_MS || ms > MAX_EXPIRY_MS) {
        ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "must be between 1 minute and 24 hours from now" });
      }
    }
  });

export type CreateOrderInput = z.infer<typeof createOrderSchema>;

export const listOrdersSchema = z.object({
  status: z.enum(["pending", "paid", "closed"]).optional(),
  goodsId: z.string().min(1).max(64).optional(),
  buyerId: z.string().min(1).max(128).optional(),
  channel: z.enum(CHANNEL_IDS as [ChannelId, ...ChannelId[]]).optional(),
});
