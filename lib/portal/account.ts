import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { db, isDuplicateKey } from "../db/client";
import { merchants, merchantUsers } from "../db/schema";
import { createMerchantSchema, passwordSchema } from "../merchants/schemas";
import { checkPassword, hashPassword } from "../merchants/password";
import { msg } from "../i18n/message";
import { fieldErrorsFromZod, type FieldErrors, type FieldSpec } from "./form-errors";

/**
 * The account page: the company name buyers see as 收款方, the sign-in email and the password.
 * Changing the email or the password asks for the current password, so a borrowed open session
 * cannot take the account over.
 */
export type AccountResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

const nameSchema = z.object({ name: createMerchantSchema.shape.name });
const emailSchema = z.object({ email: createMerchantSchema.shape.email, currentPassword: z.string().min(1) });
const passwordChangeSchema = z.object({ currentPassword: z.string().min(1), newPassword: passwordSchema });

const FIELDS: Record<string, FieldSpec> = {
  name: { field: "name", label: "account.companyName" },
  email: { field: "email", label: "account.email", reasons: { format: "formErrors.email" } },
  currentPassword: { field: "currentPassword", label: "account.currentPassword" },
  newPassword: {
    field: "newPassword",
    label: "account.newPassword",
    reasons: { too_common: "auth.signUp.errors.passwordTooCommon", too_repetitive: "auth.signUp.errors.passwordTooRepetitive" },
  },
};

export async function renameCompany(merchantId: string, raw: Record<string, string>): Promise<AccountResult> {
  const parsed = nameSchema.safeParse({ name: raw.name ?? "" });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, FIELDS) };
  await db().update(merchants).set({ name: parsed.data.name }).where(eq(merchants.id, merchantId));
  return { ok: true };
}

/** The user's stored hash, only if it belongs to this merchant. */
async function userHash(merchantId: string, userId: string): Promise<string | undefined> {
  const [row] = await db()
    .select({ hash: merchantUsers.passwordHash })
    .from(merchantUsers)
    .where(and(eq(merchantUsers.id, userId), eq(merchantUsers.merchantId, merchantId)))
    .limit(1);
  return row?.hash;
}

const wrongPassword = (): AccountResult => ({ ok: false, fieldErrors: { currentPassword: msg("account.errors.wrongPassword") } });

export async function changeEmail(merchantId: string, userId: string, raw: Record<string, string>): Promise<AccountResult> {
  const parsed = emailSchema.safeParse({ email: raw.email ?? "", currentPassword: raw.currentPassword ?? "" });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, FIELDS) };
  if (!(await checkPassword(parsed.data.currentPassword, await userHash(merchantId, userId))).ok) return wrongPassword();
  try {
    await db().update(merchantUsers).set({ email: parsed.data.email }).where(and(eq(merchantUsers.id, userId), eq(merchantUsers.merchantId, merchantId)));
  } catch (error) {
    if (isDuplicateKey(error)) return { ok: false, fieldErrors: { email: msg("account.errors.emailTaken") } };
    throw error;
  }
  return { ok: true };
}

export async function changePassword(merchantId: string, userId: string, raw: Record<string, string>): Promise<AccountResult> {
  const parsed = passwordChangeSchema.safeParse({ currentPassword: raw.currentPassword ?? "", newPassword: raw.newPassword ?? "" });
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, FIELDS) };
  const stored = await userHash(merchantId, userId);
  if (!(await checkPassword(parsed.data.currentPassword, stored)).ok || stored === undefined) return wrongPassword();
  // Only over the hash just checked: two changes racing cannot both win on a stale current password.
  await db()
    .update(merchantUsers)
    .set({ passwordHash: await hashPassword(parsed.data.newPassword) })
    .where(and(eq(merchantUsers.id, userId), eq(merchantUsers.passwordHash, stored)));
  return { ok: true };
}
