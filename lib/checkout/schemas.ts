import { z } from "zod";
import { httpUrlSchema as httpUrl } from "../http-url";
import { MAX_QUANTITY } from "../orders/schemas";

export const createCheckoutSessionSchema = z
  .object({
    goodsId: z.string().min(1).max(64),
    quantity: z.number().int("must be a whole number").min(1).max(MAX_QUANTITY),
    buyerId: z.string().trim().min(1).max(128),
    attach: z.string().max(1024).optional(),
    successUrl: httpUrl,
    cancelUrl: httpUrl.optional(),
    openId: z.string().trim().min(1).max(128).optional(),
  })
  .strict();

export type CreateCheckoutSessionInput = z.infer<typeof createCheckoutSessionSchema>;
