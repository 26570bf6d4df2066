import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { db, isDuplicateKey } from "../db/client";
import { merchants, merchantUsers } from "../db/schema";
import { newId } from "../ids";
import { seal } from "../crypto/secret-box";
import { ApiError, notFound } from "../api/errors";
import { apiKeysChanged, createApiKey } from "../api-keys/api-keys";
import { createMerchantSchema, passwordSchema, type CreateMerchantInput } from "./schemas";
import { ensureTestChannelAccounts } from "./test-channel-accounts";
import { checkPassword, hashPassword } from "./password";

export type CreatedMerchant = {
  merchantId: string;
  testSecretKey: string;
  testPublishableKey: string;
  webhookSecret: string;
};

/** Standard Webhooks secrets: "whsec_" + base64 of 24 to 64 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export const webhookAad = (merchantId: string) => `merchant:${merchantId}:webhook`;

/**
 * Creates a merchant with its first portal user, test keys and webhook signing secret: the one path
 * shared by the CLI and the portal's sign-up, so both produce the same merchant.
 */
export async function createMerchant(rawInput: CreateMerchantInput): Promise<CreatedMerchant> {
  const input = createMerchantSchema.parse(rawInput);
  const passwordHash = await hashPassword(input.password);
  const merchantId = newId("mer");
  const webhookSecret = newWebhookSecret();
  try {
    const keys = await db().transaction(async (tx) => {
      await tx.insert(merchants).values({
        id: merchantId,
        name: input.name,
        webhookSecretSealed: seal(webhookSecret, webhookAad(merchantId)),
        // Live mode's own secret (lib/merchants/webhook-secret.ts): shown in the portal in Live mode.
        liveWebhookSecretSealed: seal(newWebhookSecret(), `${webhookAad(merchantId)}:live`),
        createdAt: new Date(),
      });
      await tx.insert(merchantUsers).values({
        id: newId("usr"),
        merchantId,
        email: input.email,
        passwordHash,
        createdAt: new Date(),
      });
      const secret = await createApiKey(merchantId, "test", "secret", tx);
      const publishable = await createApiKey(merchantId, "test", "publishable", tx);
      return { secret: secret.key, publishable: publishable.key };
    });
    // After commit: provisioning generates keys (slow) and is repeatable, so it stays out of the transaction.
    await ensureTestChannelAccounts(merchantId, input.name);
    return { merchantId, testSecretKey: keys.secret, testPublishableKey: keys.publishable, webhookSecret };
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new ApiError("conflict", "email_taken", "An account with this email already exists.", { param: "email" });
    }
    throw error;
  }
}

export async function getMerchantOrThrow(id: string) {
  const [row] = await db().select().from(merchants).where(eq(merchants.id, id)).limit(1);
  if (!row) throw notFound("merchant", id);
  return row;
}


export async function listMerchants() {
  const rows = await db()
    .select({ id: merchants.id, name: merchants.name, createdAt: merchants.createdAt, suspendedAt: merchants.suspendedAt, email: merchantUsers.email })
    .from(merchants)
    .leftJoin(merchantUsers, eq(merchantUsers.merchantId, merchants.id))
    .orderBy(desc(merchants.createdAt));
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, createdAt: r.createdAt.toISOString(), suspendedAt: r.suspendedAt?.toISOString() ?? null }));
}

/** Checks a portal sign-in; the same work is done for unknown emails so timing does not reveal accounts. */
export async function verifyMerchantPassword(
  email: string,
  password: string,
): Promise<{ merchantId: string; userId: string; suspended: boolean } | null> {
  const [row] = await db()
    .select({ user: merchantUsers, suspendedAt: merchants.suspendedAt })
    .from(merchantUsers)
    .innerJoin(merchants, eq(merchants.id, merchantUsers.merchantId))
    .where(eq(merchantUsers.email, email.trim().toLowerCase()))
    .limit(1);
  const check = await checkPassword(password, row?.user.passwordHash);
  if (!row || !check.ok) return null;
  if (check.upgrade) {
    // Only if the hash is still the one just checked: a password changed meanwhile wins.
    await db()
      .update(merchantUsers)
      .set({ passwordHash: await hashPassword(password) })
      .where(and(eq(merchantUsers.id, row.user.id), eq(merchantUsers.passwordHash, row.user.passwordHash)));
  }
  return { merchantId: row.user.merchantId, userId: row.user.id, suspended: row.suspendedAt !== null };
}

/**
 * Suspends or resumes a merchant (the operator CLI). Suspension refuses its API keys (403
 * merchant_suspended) and portal sign-in, and voids its portal sessions; nothing already under way
 * is stopped: pending orders still settle through callbacks, queries and sweeps, and their webhooks
 * are still delivered, because money a buyer paid must still reach the merchant's books.
 */
export async function setMerchantSuspended(id: string, suspended: boolean): Promise<{ id: string; suspendedAt: string | null }> {
  const merchant = await getMerchantOrThrow(id);
  const suspendedAt = suspended ? (merchant.suspendedAt ?? new Date()) : null;
  await db().update(merchants).set({ suspendedAt }).where(eq(merchants.id, id));
  await apiKeysChanged(); // a suspended merchant's keys are refused at once in every process
  return { id, suspendedAt: suspendedAt?.toISOString() ?? null };
}

export async function isMerchantSuspended(id: string): Promise<boolean> {
  const [row] = await db().select({ suspendedAt: merchants.suspendedAt }).from(merchants).where(eq(merchants.id, id)).limit(1);
  return row?.suspendedAt != null;
}

/**
 * The operator's password reset (`npm run cli -- users reset-password`): a self-hosted install may
 * have no mail server to send a reset link through. The password rules are sign-up's.
 */
export async function resetUserPassword(email: string, password: string): Promise<{ userId: string; merchantId: string; email: string }> {
  const newPassword = passwordSchema.parse(password);
  const normalized = email.trim().toLowerCase();
  const [user] = await db().select().from(merchantUsers).where(eq(merchantUsers.email, normalized)).limit(1);
  if (!user) throw new ApiError("not_found", "resource_missing", `No portal user with the email ${normalized}.`);
  await db().update(merchantUsers).set({ passwordHash: await hashPassword(newPassword) }).where(eq(merchantUsers.id, user.id));
  return { userId: user.id, merchantId: user.merchantId, email: user.email };
}
