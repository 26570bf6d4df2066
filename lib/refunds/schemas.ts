import { z } from "zod";
import { refundStatuses } from "../db/schema/refunds";
import { listQuerySchema } from "../api/pagination";
import { listOf, operation, timestamp } from "../openapi/operation";

/** WeChat takes an 80-character reason; Alipay more. One limit keeps a refund the same on every channel. */
export const MAX_REASON_LENGTH = 80;

export const createRefundSchema = z
  .object({
    orderId: z.string().min(1).max(64),
    amount: z.number().int("must be a whole number of fen").min(1).max(10_000_000_000).optional().meta({ description: "In fen; defaults to what is still refundable." }),
    reason: z.string().trim().min(1).max(MAX_REASON_LENGTH).optional(),
  })
  .strict();

export type CreateRefundInput = z.infer<typeof createRefundSchema>;

export const listRefundsSchema = z.object({ orderId: z.string().min(1).max(64).optional() });

/** The refund object in every answer and in refund events (lib/refunds/view.ts refundView). */
export const refundSchema = z
  .object({
    id: z.string().meta({ example: "re_3Hn8Qw2Er5Ty7Ui9Op1As3" }),
    object: z.literal("refund"),
    livemode: z.boolean(),
    orderId: z.string(),
    amount: z.number().int().meta({ description: "In fen." }),
    currency: z.string().meta({ example: "CNY" }),
    reason: z.string().nullable(),
    status: z.enum(refundStatuses).meta({ description: "pending → succeeded | failed. A pending refund is settled by the channel's notification, a read, or the sweep." }),
    channelRefundNo: z.string().nullable(),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
    createdAt: timestamp(),
    succeededAt: timestamp().nullable(),
  })
  .meta({ id: "Refund" });

export const refundOperations = [
  operation("POST /api/v1/refunds", {
    id: "createRefund",
    tag: "Refunds",
    summary: "Refund a paid order, fully or in part",
    description:
      "amount defaults to what is still refundable. The refunds of an order that have not failed never add up to more than its amount, however many requests race. The answer is usually already succeeded (Alipay) or pending (WeChat Pay answers PROCESSING first).",
    auth: "secret",
    body: createRefundSchema,
    status: 201,
    response: refundSchema,
    errors: {
      409: "order_not_paid: only a paid order can be refunded.",
      422: "refund_exceeds_amount: more than what is still refundable; the error carries `refundable` (fen).",
    },
  }),
  operation("GET /api/v1/refunds", { id: "listRefunds", tag: "Refunds", summary: "List refunds", auth: "secret", query: [listQuerySchema, listRefundsSchema], response: listOf(refundSchema, "RefundList") }),
  operation("GET /api/v1/refunds/{id}", {
    id: "retrieveRefund",
    tag: "Refunds",
    summary: "Retrieve a refund",
    description: "While the refund is pending, payrelay asks the channel first and records what it says.",
    auth: "secret",
    response: refundSchema,
  }),
];
