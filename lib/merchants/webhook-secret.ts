import { eq } from "drizzle-orm";
import { db } from "../db/client";
import { merchants } from "../db/schema";
import { open, seal } from "../crypto/secret-box";
import { notFound } from "../api/errors";
import { newWebhookSecret, webhookAad } from "./merchants";

/** How long the replaced secret keeps signing after a rotation: time for the merchant to deploy the new one. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600_000;

type MerchantRow = typeof merchants.$inferSelect;

/**
 * Each mode has its own signing secret: test mode's is the one printed at sign-up (and the columns
 * that came first), live mode's is separate, so whoever holds a test key or a test secret can never
 * sign, read or rotate what live webhooks are signed with.
 */
function columns(livemode: boolean) {
  return livemode
    ? ({ current: "liveWebhookSecretSealed", previous: "livePreviousWebhookSecretSealed", expires: "livePreviousWebhookSecretExpiresAt" } as const)
    : ({ current: "webhookSecretSealed", previous: "previousWebhookSecretSealed", expires: "previousWebhookSecretExpiresAt" } as const);
}

export const secretAad = (merchantId: string, livemode: boolean) => (livemode ? `${webhookAad(merchantId)}:live` : webhookAad(merchantId));
const previousAad = (merchantId: string, livemode: boolean) => `${secretAad(merchantId, livemode)}:previous`;

/**
 * The secrets that sign a webhook of this mode sent now: the current one, plus the previous one while
 * its grace period lasts (Standard Webhooks allows several space-separated signatures; the receiver
 * accepts the message if any verifies). Null when the mode has no secret yet (see ensureWebhookSecret).
 */
export function signingSecrets(row: MerchantRow, livemode: boolean, now = new Date()): string[] | null {
  const c = columns(livemode);
  const current = row[c.current];
  if (!current) return null;
  const secrets = [open(current, secretAad(row.id, livemode))];
  const previous = row[c.previous];
  const expires = row[c.expires];
  if (previous && expires && expires > now) secrets.push(open(previous, previousAad(row.id, livemode)));
  return secrets;
}

/** The mode's current secret, created (once, under a row lock) for merchants that predate live secrets. */
export async function ensureWebhookSecret(merchantId: string, livemode: boolean): Promise<string> {
  const c = columns(livemode);
  return db().transaction(async (tx) => {
    const [row] = await tx.select().from(merchants).where(eq(merchants.id, merchantId)).for("update");
    if (!row) throw notFound("merchant", merchantId);
    const current = row[c.current];
    if (current) return open(current, secretAad(merchantId, livemode));
    const secret = newWebhookSecret();
    await tx.update(merchants).set({ [c.current]: seal(secret, secretAad(merchantId, livemode)) }).where(eq(merchants.id, merchantId));
    return secret;
  });
}

export type RotatedSecret = { object: "webhook_secret"; livemode: boolean; secret: string; previousSecretExpiresAt: string };

/**
 * POST /api/v1/webhook-secret/rotate: rotates the secret of the key's own mode. The new secret is
 * returned once and stored only sealed. The replaced one keeps signing for 24 h; rotating again within
 * that time drops the oldest (only two ever sign). The row is locked so two concurrent rotations
 * cannot both keep "the" old secret.
 */
export async function rotateWebhookSecret(merchantId: string, livemode: boolean): Promise<RotatedSecret> {
  const c = columns(livemode);
  const secret = newWebhookSecret();
  const expiresAt = new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS);
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(merchants).where(eq(merchants.id, merchantId)).for("update");
    if (!row) throw notFound("merchant", merchantId);
    const sealedCurrent = row[c.current];
    const set: Partial<MerchantRow> = { [c.current]: seal(secret, secretAad(merchantId, livemode)) };
    if (sealedCurrent) {
      const current = open(sealedCurrent, secretAad(merchantId, livemode));
      Object.assign(set, { [c.previous]: seal(current, previousAad(merchantId, livemode)), [c.expires]: expiresAt });
    }
    await tx.update(merchants).set(set).where(eq(merchants.id, merchantId));
  });
  return { object: "webhook_secret", livemode, secret, previousSecretExpiresAt: expiresAt.toISOString() };
}
