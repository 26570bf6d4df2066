import { z } from "zod";
import { httpUrlSchema } from "../http-url";
import { listQuerySchema } from "../api/pagination";
import { MAX_QUANTITY } from "../orders/schemas";
import { listOf, operation, timestamp } from "../openapi/operation";

const quantity = z.number().int("must be a whole number").min(1).max(MAX_QUANTITY);

export const createPaymentLinkSchema = z
  .object({
    goodsId: z.string().min(1).max(64),
    quantity: quantity.default(1),
    /** Secret key (or the portal): the merchant's own word, so any http(s) URL, as for secret-key checkout sessions. */
    successUrl: httpUrlSchema.optional(),
  })
  .strict();
export type CreatePaymentLinkInput = z.infer<typeof createPaymentLinkSchema>;

export const updatePaymentLinkSchema = z
  .object({
    active: z.boolean().optional(),
    quantity: quantity.optional(),
    /** null: back to payrelay's own "paid" page. */
    successUrl: httpUrlSchema.nullable().optional(),
  })
  .strict();
export type UpdatePaymentLinkInput = z.infer<typeof updatePaymentLinkSchema>;

/** The payment link object (lib/payment-links/links.ts paymentLinkView). */
export const paymentLinkSchema = z
  .object({
    id: z.string().meta({ example: "plink_4Rt8Xc2Lm9Pz1Qw5Vb7N" }),
    object: z.literal("payment_link"),
    livemode: z.boolean(),
    url: z.string().meta({ description: "The fixed URL to share or print as a QR code: /l/{id}. Every visit is a checkout session and order of its own." }),
    goodsId: z.string(),
    quantity: z.number().int(),
    successUrl: z.string().nullable().meta({ description: "Where the buyer goes after paying, with orderId added; null: payrelay's own paid page." }),
    active: z.boolean().meta({ description: "false: the URL answers 410 with a \"link no longer valid\" page." }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .meta({ id: "PaymentLink" });

export const paymentLinkOperations = [
  operation("POST /api/v1/payment-links", {
    id: "createPaymentLink",
    tag: "Payment links",
    summary: "Create a payment link",
    description:
      "One fixed URL (and QR code) for a goods and quantity. Opened inside WeChat it pays with JSAPI (after WeChat's OAuth for the openid), inside Alipay with Alipay, in another phone browser it offers both, on a desktop it shows QR codes. Each visit is a checkout session of its own, priced at the goods' price then; the order's buyerId is the payer's channel identity (see docs/api.md).",
    auth: "secret",
    body: createPaymentLinkSchema,
    status: 201,
    response: paymentLinkSchema,
    errors: { 400: "goods_inactive: the goods is retired (active: false)." },
  }),
  operation("GET /api/v1/payment-links", {
    id: "listPaymentLinks",
    tag: "Payment links",
    summary: "List payment links",
    auth: "secret",
    query: [listQuerySchema],
    response: listOf(paymentLinkSchema, "PaymentLinkList"),
  }),
  operation("GET /api/v1/payment-links/{id}", { id: "retrievePaymentLink", tag: "Payment links", summary: "Retrieve a payment link", auth: "secret", response: paymentLinkSchema }),
  operation("PATCH /api/v1/payment-links/{id}", {
    id: "updatePaymentLink",
    tag: "Payment links",
    summary: "Update a payment link",
    description: "active: false deactivates the link (its URL then answers 410); sessions already opened from it stay payable until they expire. quantity and successUrl apply to later visits.",
    auth: "secret",
    body: updatePaymentLinkSchema,
    response: paymentLinkSchema,
  }),
];
