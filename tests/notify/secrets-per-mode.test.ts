import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { newMerchant } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { merchants } from "../../lib/db/schema";
import { ensureWebhookSecret, signingSecrets } from "../../lib/merchants/webhook-secret";

const row = async (id: string) => (await db().select().from(merchants).where(eq(merchants.id, id)))[0]!;

describe("webhook signing secrets per mode", () => {
  it("test and live webhooks are signed with different secrets; a test key rotates only test's", async () => {
    const m = await newMerchant();
    const before = await row(m.merchantId);
    expect(signingSecrets(before, false)).toEqual([m.webhookSecret]);
    const live = signingSecrets(before, true)!;
    expect(live).toHaveLength(1);
    expect(live[0]).not.toBe(m.webhookSecret);

    const rotated = await call("POST", "/api/v1/webhook-secret/rotate", { key: m.testSecretKey });
    expect(rotated.body).toMatchObject({ livemode: false });
    const after = await row(m.merchantId);
    expect(signingSecrets(after, false)).toEqual([rotated.body.secret, m.webhookSecret]);
    expect(signingSecrets(after, true)).toEqual(live);

    const liveRotated = await call("POST", "/api/v1/webhook-secret/rotate", { key: await m.liveSecretKey() });
    expect(liveRotated.body).toMatchObject({ livemode: true });
    expect(signingSecrets(await row(m.merchantId), true)).toEqual([liveRotated.body.secret, live[0]]);
  });

  it("a merchant without a live secret gets one on first use, once", async () => {
    const m = await newMerchant();
    await db().update(merchants).set({ liveWebhookSecretSealed: null }).where(eq(merchants.id, m.merchantId));
    const [a, b] = await Promise.all([ensureWebhookSecret(m.merchantId, true), ensureWebhookSecret(m.merchantId, true)]);
    expect(a).toBe(b);
    expect(signingSecrets(await row(m.merchantId), true)).toEqual([a]);
  });
});
