import { z } from "zod";
import { httpUrlSchema as httpUrl } from "../http-url";
import { MAX_QUANTITY } from "../orders/schemas";
import { operation, timestamp } from "../openapi/operation";

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

/** The checkout session object (lib/checkout/sessions.ts sessionView). */
export const checkoutSessionSchema = z
  .object({
    id: z.string().meta({ example: "cs_2Hk8Qm4Np6Rs8Tv0Wx2Yz4" }),
    object: z.literal("checkout_session"),
    livemode: z.boolean(),
    url: z.string().meta({ description: "The hosted page to send the buyer to." }),
    status: z.enum(["open", "complete", "expired"]),
    goodsId: z.string(),
    quantity: z.number().int(),
    amount: z.number().int().meta({ description: "In fen, fixed when the session was created." }),
    currency: z.string(),
    buyerId: z.string(),
    attach: z.string().nullable(),
    successUrl: z.string(),
    cancelUrl: z.string().nullable(),
    orderId: z.string().nullable().meta({ description: "The order the buyer is paying with, once they chose a channel." }),
    paymentLinkId: z.string().nullable().meta({ description: "The payment link whose visit opened the session; null for sessions made with the API." }),
    paidOrderId: z.string().nullable().meta({ description: "The order that paid the session: the first of its orders to be paid. Set once, never changed." }),
    duplicatePaymentOrderIds: z.array(z.string()).meta({
      description:
        "Orders of this session paid after paidOrderId (the buyer paid twice, e.g. through an old pay URL or both QR codes). Each is paid and carries duplicatePayment: true; refund them.",
    }),
    createdAt: timestamp(),
    expiresAt: timestamp(),
  })
  .meta({ id: "CheckoutSession" });

export const checkoutOperations = [
  operation("POST /api/v1/checkout-sessions", {
    id: "createCheckoutSession",
    tag: "Checkout sessions",
    summary: "Create a checkout session",
    description: "A payrelay-hosted payment page for one goods and quantity; after payment the page forwards to successUrl with orderId added.",
    auth: "any",
    body: createCheckoutSessionSchema,
    status: 201,
    response: checkoutSessionSchema,
  }),
  operation("GET /api/v1/checkout-sessions/{id}", { id: "retrieveCheckoutSession", tag: "Checkout sessions", summary: "Retrieve a checkout session", auth: "any", response: checkoutSessionSchema }),
];
