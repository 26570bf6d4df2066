import { z } from "zod";

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
