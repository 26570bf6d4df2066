import { and, eq } from "drizzle-orm";
import { db } from "../db/client";
import { channelAccounts } from "../db/schema";
import { config } from "../config";
import { prepareAlipayAccount, prepareWechatpayAccount, upsertChannelAccount, type Provider } from "../channel-accounts/channel-accounts";
import { provisionAlipayApp, provisionWechatMerchant } from "../sandbox/provision";
import { sandboxStore } from "../sandbox/runtime";

/**
 * Test mode needs zero configuration: every merchant gets sandbox credentials for each provider,
 * registered with the sandbox and stored as the merchant's test-mode channel accounts exactly as
 * live credentials are (same validation, same encryption). Safe to call again: providers that
 * already have a test account are left alone.
 */
export async function ensureTestChannelAccounts(merchantId: string, merchantName?: string): Promise<void> {
  if (!config().SANDBOX_ENABLED) return;
  const existing = await db()
    .select({ provider: channelAccounts.provider })
    .from(channelAccounts)
    .where(and(eq(channelAccounts.merchantId, merchantId), eq(channelAccounts.mode, "test")));
  const have = new Set<Provider>(existing.map((r) => r.provider));
  const store = sandboxStore();
  const owner = { merchantId, livemode: false };

  if (!have.has("alipay")) {
    const creds = await provisionAlipayApp(store, { accountRef: merchantId });
    const prepared = prepareAlipayAccount({ appId: creds.appId, privateKey: creds.appPrivateKeyPem, alipayPublicKey: creds.alipayPublicKeyPem });
    await upsertChannelAccount(owner, "alipay", { ...prepared, publicConfig: { ...prepared.publicConfig, sandbox: "true" } });
  }
  if (!have.has("wechatpay")) {
    const creds = await provisionWechatMerchant(store, { accountRef: merchantId, merchantName, signingMode: "public_key" });
    const prepared = prepareWechatpayAccount({
      appId: creds.appid,
      mchId: creds.mchid,
      serialNo: creds.serialNo,
      privateKey: creds.merchantPrivateKeyPem,
      apiV3Key: creds.apiV3Key,
      platformPublicKey: creds.platformPublicKeyPem,
      platformPublicKeyId: creds.platformKeyId,
    });
    await upsertChannelAccount(owner, "wechatpay", { ...prepared, publicConfig: { ...prepared.publicConfig, sandbox: "true" } });
  }
}
