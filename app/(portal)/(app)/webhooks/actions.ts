"use server";

import { requireMerchant } from "@/lib/auth/session";
import { revealWebhookSecret, rotatePortalWebhookSecret } from "@/lib/portal/webhooks";

export type SecretState = { secret?: string; rotated?: boolean; previousExpiresAt?: string };

/** Reveal on click: the secret is decrypted only when the merchant asks for it. */
export async function revealSecretAction(): Promise<SecretState> {
  const ctx = await requireMerchant();
  return { secret: await revealWebhookSecret(ctx.owner) };
}

export async function rotateSecretAction(): Promise<SecretState> {
  const ctx = await requireMerchant();
  const rotated = await rotatePortalWebhookSecret(ctx.owner);
  return { secret: rotated.secret, rotated: true, previousExpiresAt: rotated.previousSecretExpiresAt };
}
