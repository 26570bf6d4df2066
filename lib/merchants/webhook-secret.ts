import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { merchants } from "../db/schema";
import { open, seal } from "../crypto/secret-box";
import { notFound } from "../api/errors";
import { newWebhookSecret, webhookAad } from "./merchants";

/** How long the replaced secret keeps signing after a rotation: time for the merchant to deploy the new one. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600_000;

const previousAad = (merchantId: string) => `${webhookAad(merchantId)}:previous`;

type SecretColumns = Pick<typeof merchants.$inferSelect, "id" | "webhookSecretSealed" | "previousWebhookSecretSealed" | "previousWebhookSecretExpiresAt">;

/**
 * The secrets that sign a webhook sent now: the current one, plus the previous one while its grace
 * period lasts (Standard Webhooks allows several space-separated signatures; the receiver accepts
 * the message if any verifies).
 */
export function signingSecrets(row: SecretColumns, now = new Date()): string[] {
  const secrets = [open(row.webhookSecretSealed, webhookAad(row.id))];
  if (row.previousWebhookSecretSealed && row.previousWebhookSecretExpiresAt && row.previousWebhookSecretExpiresAt > now) {
    secrets.push(open(row.previousWebhookSecretSealed, previousAad(row.id)));
  }
  return secrets;
}

export type RotatedSecret = { object: "webhook_secret"; secret: string; previousSecretExpiresAt: string };

/**
 * POST /api/v1/webhook-secret/rotate. The new secret is returned once and stored only sealed. The
 * replaced one keeps signing for 24 h; rotating again within that time drops the oldest secret (only
 * two ever sign). The row is locked so two concurrent rotations cannot both keep "the" old secret.
 */
export async function rotateWebhookSecret(merchantId: string): Promise<RotatedSecret> {
  const secret = newWebhookSecret();
  const expiresAt = new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS);
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(merchants).where(eq(merchants.id, merchantId)).for("update");
    if (!row) throw notFound("merchant", merchantId);
    const current = open(row.webhookSecretSealed, webhookAad(merchantId));
    await tx
      .update(merchants)
      .set({
        webhookSecretSealed: seal(secret, webhookAad(merchantId)),
        previousWebhookSecretSealed: seal(current, previousAad(merchantId)),
        previousWebhookSecretExpiresAt: expiresAt,
      })
      .where(eq(merchants.id, merchantId));
  });
  return { object: "webhook_secret", secret, previousSecretExpiresAt: expiresAt.toISOString() };
}
