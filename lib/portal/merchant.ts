import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { merchants, merchantUsers } from "../db/schema";
import { createMerchant, type CreatedMerchant } from "../merchants/merchants";
import { createMerchantSchema } from "../merchants/schemas";
import { ApiError } from "../api/errors";
import { fieldErrorsFromZod, type FieldErrors } from "./form-errors";

export type PortalMerchant = { id: string; name: string; email: string | null };

/** The signed-in user's merchant, or null when it no longer exists (the session is then void). */
export async function getPortalMerchant(merchantId: string, userId?: string): Promise<PortalMerchant | null> {
  const [row] = await db()
    .select({ id: merchants.id, name: merchants.name, email: merchantUsers.email, userId: merchantUsers.id })
    .from(merchants)
    .leftJoin(merchantUsers, eq(merchantUsers.merchantId, merchants.id))
    .where(eq(merchants.id, merchantId))
    .limit(1);
  if (!row) return null;
  if (userId && row.userId && row.userId !== userId) return { id: row.id, name: row.name, email: null };
  return { id: row.id, name: row.name, email: row.email };
}

const SIGN_UP_FIELDS = {
  email: { field: "email", label: "Email" },
  password: { field: "password", label: "Password" },
  name: { field: "name", label: "Company name" },
};

/**
 * Sign-up from the portal: the same createMerchant the CLI calls (test keys, webhook secret,
 * sandbox accounts), validated by the same schema, with errors keyed by form field.
 */
export async function signUpMerchant(
  raw: Record<string, string>,
): Promise<{ ok: true; merchant: CreatedMerchant; email: string } | { ok: false; fieldErrors: FieldErrors }> {
  const parsed = createMerchantSchema.safeParse({ email: raw.email ?? "", password: raw.password ?? "", name: raw.name ?? "" });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, SIGN_UP_FIELDS) };
  try {
    return { ok: true, merchant: await createMerchant(parsed.data), email: parsed.data.email };
  } catch (error) {
    if (error instanceof ApiError && error.code === "email_taken") {
      return { ok: false, fieldErrors: { email: "An account with this email already exists. Sign in instead." } };
    }
    throw error;
  }
}
