import { z } from "zod";
import { listQuerySchema } from "../api/pagination";
import { listOf, operation, timestamp } from "../openapi/operation";

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

/** The goods object in every answer (lib/goods/goods.ts goodsView). */
export const goodsSchema = z
  .object({
    id: z.string().meta({ example: "goods_4Xq2n8Kp1Lm7Rt3Yv9Wz0A" }),
    object: z.literal("goods"),
    livemode: z.boolean(),
    name: z.string(),
    description: z.string().nullable(),
    price: z.number().int().meta({ description: "Unit price in fen (100 = 1.00 CNY)." }),
    currency: z.string().meta({ example: "CNY" }),
    notifyUrls: z.object({ orderCreated: z.string().nullable(), orderPaid: z.string().nullable() }),
    active: z.boolean(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .meta({ id: "Goods" });

/** GET /api/v1/goods?active=true|false */
export const listGoodsSchema = z.object({ active: z.enum(["true", "false"]).optional() });

export const goodsOperations = [
  operation("POST /api/v1/goods", { id: "createGoods", tag: "Goods", summary: "Create goods", auth: "secret", body: createGoodsSchema, status: 201, response: goodsSchema }),
  operation("GET /api/v1/goods", { id: "listGoods", tag: "Goods", summary: "List goods", auth: "secret", query: [listQuerySchema, listGoodsSchema], response: listOf(goodsSchema, "GoodsList") }),
  operation("GET /api/v1/goods/{id}", { id: "retrieveGoods", tag: "Goods", summary: "Retrieve goods", auth: "secret", response: goodsSchema }),
  operation("PATCH /api/v1/goods/{id}", {
    id: "updateGoods",
    tag: "Goods",
    summary: "Update goods",
    description: "A price change applies to orders created afterwards; existing orders keep their amount. `active: false` retires goods.",
    auth: "secret",
    body: updateGoodsSchema,
    response: goodsSchema,
  }),
];
