import { z } from "zod";
import { operation, timestamp } from "../openapi/operation";

/** Passwords people reach for first; refusing them costs nothing and stops the laziest guessing. */
const TRIVIAL = new Set([
  "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop", "11111111",
  "00000000", "iloveyou", "abc123456", "qwerty123", "1q2w3e4r5t", "88888888", "66666666", "a12345678",
  "woaini1314", "letmein123", "admin12345", "welcome123", "payrelay123", "passw0rd123",
]);

export const MIN_PASSWORD_LENGTH = 10;

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200)
  // `params.reason` names each refusal for the portal, which says it in the merchant's language.
  .refine((v) => !TRIVIAL.has(v.toLowerCase()), { message: "is too common; choose a less guessable password", params: { reason: "too_common" } })
  .refine((v) => new Set(v).size >= 4, { message: "is too repetitive; choose a less guessable password", params: { reason: "too_repetitive" } });

export const createMerchantSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("must be a valid email address")).pipe(z.string().max(254)),
    password: passwordSchema,
    name: z.string().trim().min(1, "is required").max(128),
  })
  .strict()
  .refine((v) => v.password.toLowerCase() !== v.email, { message: "must not be your email address", path: ["password"], params: { reason: "is_email" } });

export type CreateMerchantInput = z.infer<typeof createMerchantSchema>;

/** POST /api/v1/webhook-secret/rotate's answer (lib/merchants/webhook-secret.ts). */
export const rotatedWebhookSecretSchema = z
  .object({
    object: z.literal("webhook_secret"),
    livemode: z.boolean(),
    secret: z.string().meta({ description: "The new whsec_… signing secret, shown this once.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
    previousSecretExpiresAt: timestamp().meta({ description: "Until then webhooks carry a second signature made with the replaced secret." }),
  })
  .meta({ id: "WebhookSecret" });

export const merchantOperations = [
  operation("POST /api/v1/webhook-secret/rotate", {
    id: "rotateWebhookSecret",
    tag: "Webhooks",
    summary: "Rotate the webhook signing secret",
    description: "Rotates the secret of the key's own mode. The replaced secret keeps signing (a second v1 signature) for 24 hours.",
    auth: "secret",
    response: rotatedWebhookSecretSchema,
  }),
];
