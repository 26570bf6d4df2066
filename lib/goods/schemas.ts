import { z } from "zod";

/** Largest unit price: 1,000,000.00 CNY. With quantity ≤ 999 an order stays far inside a safe integer. */
export const MAX_PRICE_FEN = 100_000_000;

export const notifyUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "must be an absolute http(s) URL without credentials");

const notifyUrls = z
  .object({
    orderCreated: notifyUrlSchema.nullable().optional(),
    orderPaid: notifyUrlSchema.nullable().optional(),
  })
  .strict();

const fields = {
  name: z.string().trim().min(1).max(128),
  description: z.string().max(1024).nullable().optional(),
  price: z
    .number()
    .int("must be an integer number of fen (100 = 1.00 CNY)")
    .min(1)
    .max(MAX_PRICE_FEN),
  currency: z.literal("CNY", "only CNY is supported").optional(),
  notifyUrls: notifyUrls.optional(),
  active: z.boolean().optional(),
};

export const createGoodsSchema = z.object(fields).strict();
export type CreateGoodsInput = z.infer<typeof createGoodsSchema>;

export const updateGoodsSchema = z
  .object({
    name: fields.name.optional(),
    description: fields.description,
    price: fields.price.optional(),
    currency: fields.currency,
    notifyUrls: fields.notifyUrls,
    active: fields.active,
  })
  .strict();
export type UpdateGoodsInput = z.infer<typeof updateGoodsSchema>;
