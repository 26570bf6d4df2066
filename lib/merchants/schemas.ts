import { z } from "zod";
import { operation, timestamp } from "../openapi/operation";
import { MAX_REDIRECT_DOMAINS, setRedirectDomainsSchema } from "./redirect-domains";

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

/** GET and PUT /api/v1/redirect-domains (lib/merchants/redirect-domains.ts). */
export const redirectDomainsSchema = z
  .object({
    object: z.literal("redirect_domains"),
    domains: z.array(z.string()).meta({ description: "Host names (\"shop.example\") or \"*.shop.example\" for every sub-domain, lower case, IDNs in punycode." }),
  })
  .meta({ id: "RedirectDomains" });

export const merchantOperations = [
  operation("GET /api/v1/redirect-domains", {
    id: "retrieveRedirectDomains",
    tag: "Checkout sessions",
    summary: "List the redirect domains",
    description: "The hosts that checkout sessions created with a publishable key may use for successUrl and cancelUrl.",
    auth: "secret",
    response: redirectDomainsSchema,
  }),
  operation("PUT /api/v1/redirect-domains", {
    id: "setRedirectDomains",
    tag: "Checkout sessions",
    summary: "Replace the redirect domains",
    description: `Replaces the whole list (at most ${MAX_REDIRECT_DOMAINS}). A checkout session created with a publishable key must use one of them for successUrl and cancelUrl (400 redirect_domain_not_allowed otherwise); sessions created with a secret key may use any http(s) URL.`,
    auth: "secret",
    body: setRedirectDomainsSchema,
    response: redirectDomainsSchema,
  }),
  operation("POST /api/v1/webhook-secret/rotate", {
    id: "rotateWebhookSecret",
    tag: "Webhooks",
    summary: "Rotate the webhook signing secret",
    description: "Rotates the secret of the key's own mode. The replaced secret keeps signing (a second v1 signature) for 24 hours.",
    auth: "secret",
    response: rotatedWebhookSecretSchema,
  }),
];
