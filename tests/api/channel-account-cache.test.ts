import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { newMerchant } from "../helpers/fixtures";
import { db } from "../../lib/db/client";
import { channelAccounts, channelAccountVersions } from "../../lib/db/schema";
import { loadChannelAccountById, loadChannelAccountVersion, prepareAlipayAccount, upsertChannelAccount } from "../../lib/channel-accounts/channel-accounts";
import { redisKeyPrefix } from "../../lib/redis";

const rsa = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const credentials = (appId: string) => prepareAlipayAccount({ appId, privateKey: rsa().privateKey, alipayPublicKey: rsa().publicKey });

/**
 * Every inbound callback loads its channel account by the id in its URL, and an order's credential
 * version by id and version (issue 16): both from the process caches of lib/cache, like the
 * accounts by owner. A replacement is seen at once, here and (through the published invalidation)
 * in every other process.
 */
describe("channel account cache by id", () => {
  it("serves an account by id from memory, and a replacement at once", async () => {
    const m = await newMerchant();
    const owner = { merchantId: m.merchantId, livemode: true };
    const created = await upsertChannelAccount(owner, "alipay", credentials("2021000000000101"));
    expect((await loadChannelAccountById(created.id))?.publicConfig.appId).toBe("2021000000000101");
    await sleep(200); // the subscription is live once connected
    await loadChannelAccountById(created.id);

    // Changed behind the cache's back (no invalidation): the cached account still answers, which
    // shows the cache is in use (before, every callback read the row).
    await db().update(channelAccounts).set({ publicConfig: { appId: "behind-the-back" } }).where(eq(channelAccounts.id, created.id));
    expect((await loadChannelAccountById(created.id))?.publicConfig.appId).toBe("2021000000000101");

    // A replacement through payrelay is seen by the very next callback.
    await upsertChannelAccount(owner, "alipay", credentials("2021000000000102"));
    const replaced = await loadChannelAccountById(created.id);
    expect(replaced).toMatchObject({ id: created.id, version: 2, publicConfig: { appId: "2021000000000102" } });

    // Another process's replacement arrives as a published invalidation.
    await db().update(channelAccounts).set({ publicConfig: { ...replaced!.publicConfig, appId: "2021000000000103" } }).where(eq(channelAccounts.id, created.id));
    const other = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    try {
      await other.publish(`${redisKeyPrefix()}cache-invalidate`, `channel-accounts-by-id|${created.id}`);
    } finally {
      other.disconnect();
    }
    let appId: string | null | undefined;
    for (let i = 0; i < 100 && appId !== "2021000000000103"; i++) {
      await sleep(10);
      appId = (await loadChannelAccountById(created.id))?.publicConfig.appId;
    }
    expect(appId).toBe("2021000000000103");
  });

  it("serves a credential version from memory (versions never change)", async () => {
    const m = await newMerchant();
    const owner = { merchantId: m.merchantId, livemode: true };
    const created = await upsertChannelAccount(owner, "alipay", credentials("2021000000000201"));
    await upsertChannelAccount(owner, "alipay", credentials("2021000000000202"));
    await sleep(200);
    expect((await loadChannelAccountVersion(created.id, 1))?.publicConfig.appId).toBe("2021000000000201");
    await db().delete(channelAccountVersions).where(eq(channelAccountVersions.channelAccountId, created.id));
    expect(await loadChannelAccountVersion(created.id, 1)).toMatchObject({ version: 1, publicConfig: { appId: "2021000000000201" } });
    // A version that is not there is never cached as missing.
    expect(await loadChannelAccountVersion(created.id, 3)).toBeNull();
  });
});
