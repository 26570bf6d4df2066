import { z } from "zod";
import { MAX_QUANTITY } from "../orders/schemas";

const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be an absolute http(s) URL");

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
