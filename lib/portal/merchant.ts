import { and, eq, isNull } from "drizzle-orm";
import { db } from "../db/client";
import { merchants, merchantUsers } from "../db/schema";
import { createMerchant, type CreatedMerchant } from "../merchants/merchants";
import { createMerchantSchema } from "../merchants/schemas";
import { ApiError } from "../api/errors";
import { msg, type Message } from "../i18n/message";
import { reserveSignUp, SIGN_UP_LIMITS, type SignUpLimits } from "../merchants/sign-in-throttle";
import { fieldErrorsFromZod, type FieldErrors, type FieldSpec } from "./form-errors";

export type PortalMerchant = { id: string; name: string; email: string | null };

/**
 * The signed-in user's merchant, or null when the session no longer stands: the merchant or the user
 * is gone, the user no longer belongs to it, or the merchant is suspended. The session is then void
 * and the portal signs out.
 */
export async function getPortalMerchant(merchantId: string, userId: string | undefined): Promise<PortalMerchant | null> {
  if (!userId) return null;
  const [row] = await db()
    .select({ id: merchants.id, name: merchants.name, email: merchantUsers.email })
    .from(merchantUsers)
    .innerJoin(merchants, eq(merchants.id, merchantUsers.merchantId))
    .where(and(eq(merchantUsers.id, userId), eq(merchantUsers.merchantId, merchantId), isNull(merchants.suspendedAt)))
    .limit(1);
  return row ? { id: row.id, name: row.name, email: row.email } : null;
}

const SIGN_UP_FIELDS: Record<string, FieldSpec> = {
  email: { field: "email", label: "auth.email", reasons: { format: "formErrors.email" } },
  password: {
    field: "password",
    label: "auth.password",
    reasons: { too_common: "auth.signUp.errors.passwordTooCommon", too_repetitive: "auth.signUp.errors.passwordTooRepetitive", is_email: "auth.signUp.errors.passwordIsEmail" },
  },
  name: { field: "name", label: "auth.signUp.companyName" },
};

/**
 * Sign-up from the portal: the same createMerchant the CLI calls (test keys, webhook secret,
 * sandbox accounts), validated by the same schema, with errors keyed by form field.
 */
export async function signUpMerchant(
  raw: Record<string, string>,
  /** The client's address (lib/api/client-address.ts): sign-ups are counted per address. */
  address: string | null,
  limits: SignUpLimits = SIGN_UP_LIMITS,
): Promise<
  | { ok: true; merchant: CreatedMerchant; email: string }
  | { ok: false; fieldErrors: FieldErrors; rateLimited?: { retryAfterSeconds: number; message: Message } }
> {
  const parsed = createMerchantSchema.safeParse({ email: raw.email ?? "", password: raw.password ?? "", name: raw.name ?? "" });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, SIGN_UP_FIELDS) };
  // Counted once the form is valid (a typo costs nothing), before the bcrypt hash and key generation it would pay for.
  const wait = await reserveSignUp(address, limits);
  if (wait > 0) {
    return { ok: false, fieldErrors: {}, rateLimited: { retryAfterSeconds: wait, message: msg("auth.signUp.errors.rateLimited", { minutes: Math.ceil(wait / 60) }) } };
  }
  try {
    return { ok: true, merchant: await createMerchant(parsed.data), email: parsed.data.email };
  } catch (error) {
    if (error instanceof ApiError && error.code === "email_taken") {
      return { ok: false, fieldErrors: { email: msg("auth.signUp.errors.emailTaken") } };
    }
    throw error;
  }
}
