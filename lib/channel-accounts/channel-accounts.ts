import { and, asc, desc, eq, exists, gt, ne, or, sql } from "drizzle-orm";
import { db, isDuplicateKey, retryOnDeadlock } from "../db/client";
import { channelAccounts, channelAccountVersions, orders, refunds } from "../db/schema";
import type { KeyObject } from "node:crypto";
import { newId } from "../ids";
import { seal, open } from "../crypto/secret-box";
import { config } from "../config";
import { ApiError, notFound } from "../api/errors";
import { modeOf, type Mode, type Owner } from "../owner";
import { InvalidatedCache } from "../cache/invalidated-cache";
import {
  KeyFormatError,
  type KeyProblem,
  parseRsaPrivateKey,
  parseRsaPublicKey,
  privateKeyPem,
  publicKeyFingerprint,
  publicKeyPem,
  samePublicKey,
} from "./keys";
import type { AlipayAccountInput, WechatpayAccountInput } from "./schemas";

export type Provider = "alipay" | "wechatpay";

/** What goes on the wire anyway (ids, public keys): stored in clear, shown to the merchant. */
export type PublicConfig = Record<string, string | null>;
/** Private keys and the APIv3 key: only ever stored sealed, only ever decrypted to call a channel. */
export type Secrets = Record<string, string>;

export type PreparedAccount = { publicConfig: PublicConfig; secrets: Secrets };

const MASK = "********";
const SECRET_FIELDS: Record<Provider, string[]> = { alipay: ["privateKey"], wechatpay: ["privateKey", "apiV3Key"] };
/** Secrets a merchant may leave out; shown masked only when set. */
const OPTIONAL_SECRET_FIELDS: Record<Provider, string[]> = { alipay: [], wechatpay: ["appSecret"] };

/**
 * Why an account was refused, beside the API's English message: the portal says it in the
 * merchant's language. Carried as the ApiError's `cause`, never in the API's body.
 */
export type AccountProblem = {
  problem: KeyProblem | "own_public_half" | "platform_key_id_mismatch" | "platform_key_id_required" | "additional_key_missing" | "additional_key_same_id";
  values?: Record<string, string | number>;
};

const refused = (code: string, message: string, param: string, cause: AccountProblem) =>
  new ApiError("invalid_request", code, message, { param, status: 422, cause });

function keyError(param: string, error: unknown): never {
  if (error instanceof KeyFormatError) throw refused("invalid_key", error.message, param, { problem: error.problem, values: error.values });
  throw error;
}

function parsePrivate(text: string, param: string) {
  try {
    return parseRsaPrivateKey(text, param);
  } catch (error) {
    keyError(param, error);
  }
}

function parsePublic(text: string, param: string) {
  try {
    return parseRsaPublicKey(text, param);
  } catch (error) {
    keyError(param, error);
  }
}

export function prepareAlipayAccount(input: AlipayAccountInput): PreparedAccount {
  const privateKey = parsePrivate(input.privateKey, "privateKey");
  const alipayPublic = parsePublic(input.alipayPublicKey, "alipayPublicKey").key;
  if (samePublicKey(privateKey, alipayPublic)) {
    // The most common console mix-up: pasting the app's own public key where Alipay's belongs.
    throw refused(
      "invalid_key",
      "alipayPublicKey is the public half of your own app private key. Paste the Alipay public key (支付宝公钥) from the Alipay console instead.",
      "alipayPublicKey",
      { problem: "own_public_half" },
    );
  }
  return {
    publicConfig: {
      appId: input.appId,
      alipayPublicKey: publicKeyPem(alipayPublic),
      privateKeyFingerprint: publicKeyFingerprint(privateKey),
    },
    secrets: { privateKey: privateKeyPem(privateKey) },
  };
}

/** A WeChat Pay platform key as pasted: its PEM, and the id Wechatpay-Serial names it by (a certificate's serial, or the PUB_KEY_ID given). */
function preparePlatformKey(privateKey: KeyObject, pem: string, givenId: string | undefined, param: string, idParam: string) {
  const platform = parsePublic(pem, param);
  if (samePublicKey(privateKey, platform.key)) {
    throw refused(
      "invalid_key",
      `${param} is the public half of your own merchant private key. Paste the WeChat Pay platform public key (or platform certificate) instead.`,
      param,
      { problem: "own_public_half" },
    );
  }
  if (platform.certificateSerial) {
    const id = platform.certificateSerial;
    if (givenId && givenId.toUpperCase() !== id) {
      throw refused("parameter_invalid", `${idParam} does not match the platform certificate's serial number (${id}).`, idParam, {
        problem: "platform_key_id_mismatch",
        values: { serial: id },
      });
    }
    return { pem: publicKeyPem(platform.key), id, mode: "certificate" as const };
  }
  if (!givenId || !/^PUB_KEY_ID_[0-9A-Za-z]+$/.test(givenId)) {
    throw refused("parameter_invalid", `${idParam} is required with a platform public key and looks like PUB_KEY_ID_0112345678901234567890.`, idParam, {
      problem: "platform_key_id_required",
    });
  }
  return { pem: publicKeyPem(platform.key), id: givenId, mode: "public_key" as const };
}

export function prepareWechatpayAccount(input: WechatpayAccountInput): PreparedAccount {
  const privateKey = parsePrivate(input.privateKey, "privateKey");
  const primary = preparePlatformKey(privateKey, input.platformPublicKey, input.platformPublicKeyId, "platformPublicKey", "platformPublicKeyId");
  const additional = input.additionalPlatformPublicKey
    ? preparePlatformKey(privateKey, input.additionalPlatformPublicKey, input.additionalPlatformPublicKeyId, "additionalPlatformPublicKey", "additionalPlatformPublicKeyId")
    : null;
  if (!additional && input.additionalPlatformPublicKeyId) {
    throw refused("parameter_missing", "additionalPlatformPublicKeyId was given without additionalPlatformPublicKey.", "additionalPlatformPublicKey", {
      problem: "additional_key_missing",
    });
  }
  if (additional && additional.id.toUpperCase() === primary.id.toUpperCase()) {
    throw refused("parameter_invalid", `additionalPlatformPublicKey has the same id (${additional.id}) as platformPublicKey; WeChat could not say which one signed.`, "additionalPlatformPublicKeyId", {
      problem: "additional_key_same_id",
      values: { id: additional.id },
    });
  }
  return {
    publicConfig: {
      appId: input.appId,
      mchId: input.mchId,
      serialNo: input.serialNo.toUpperCase(),
      platformPublicKey: primary.pem,
      platformPublicKeyId: primary.id,
      platformKeyMode: primary.mode,
      additionalPlatformPublicKey: additional?.pem ?? null,
      additionalPlatformPublicKeyId: additional?.id ?? null,
      privateKeyFingerprint: publicKeyFingerprint(privateKey),
      appSecretSet: input.appSecret ? "true" : "false",
    },
    secrets: { privateKey: privateKeyPem(privateKey), apiV3Key: input.apiV3Key, ...(input.appSecret ? { appSecret: input.appSecret } : {}) },
  };
}

const aad = (id: string) => `channel-account:${id}`;

/** Where the account's provider sends notifications: the account id picks the keys that verify them. */
export function callbackUrl(account: { id: string; provider: Provider }): string {
  return `${config().PUBLIC_BASE_URL}/api/callbacks/${account.provider}/${account.id}`;
}

type Row = typeof channelAccounts.$inferSelect;

export type ChannelAccountView = {
  id: string;
  object: "channel_account";
  provider: Provider;
  livemode: boolean;
  callbackUrl: string;
  /** The current credential version (1 at creation, +1 on every replacement). */
  credentialVersion: number;
  createdAt: string;
  updatedAt: string;
} & Record<string, unknown>;

/** The merchant-facing view: public identifiers in full, every secret field replaced by a mask. */
export function channelAccountView(row: Row): ChannelAccountView {
  const masked = Object.fromEntries([
    ...SECRET_FIELDS[row.provider].map((f) => [f, MASK]),
    ...OPTIONAL_SECRET_FIELDS[row.provider].map((f) => [f, row.publicConfig[`${f}Set`] === "true" ? MASK : null]),
  ]);
  return {
    id: row.id,
    object: "channel_account",
    provider: row.provider,
    livemode: row.mode === "live",
    // Accounts saved before a second platform key could be given have none.
    ...(row.provider === "wechatpay" ? { additionalPlatformPublicKey: null, additionalPlatformPublicKeyId: null } : {}),
    ...row.publicConfig,
    ...masked,
    callbackUrl: callbackUrl(row),
    credentialVersion: row.credentialVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Creates or replaces the owner's account for a provider (in the owner's mode). The id is kept
 * across replacements because it is part of the callback URL the channel already knows. A
 * replacement is a new credential version: the old one stays in `channel_account_versions`, so
 * orders created under it are still verified, queried and closed with the keys they were made with.
 */
export async function upsertChannelAccount(owner: Owner, provider: Provider, prepared: PreparedAccount, attempt = 0): Promise<ChannelAccountView> {
  const { merchantId } = owner;
  const mode = modeOf(owner);
  const now = new Date();
  try {
    // Two first-time upserts (two merchants signing up at once) take gap locks on the unique index
    // and may deadlock; the one InnoDB rolls back runs again.
    const row = await retryOnDeadlock(() => db().transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: channelAccounts.id, createdAt: channelAccounts.createdAt, credentialVersion: channelAccounts.credentialVersion })
        .from(channelAccounts)
        .where(and(eq(channelAccounts.merchantId, merchantId), eq(channelAccounts.provider, provider), eq(channelAccounts.mode, mode)))
        .limit(1)
        .for("update");
      const id = existing?.id ?? newId("ca");
      const credentialVersion = (existing?.credentialVersion ?? 0) + 1;
      const secretsSealed = seal(JSON.stringify(prepared.secrets), aad(id));
      const row: Row = {
        id,
        merchantId,
        provider,
        mode,
        publicConfig: prepared.publicConfig,
        secretsSealed,
        credentialVersion,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      if (existing) {
        await tx
          .update(channelAccounts)
          .set({ publicConfig: row.publicConfig, secretsSealed, credentialVersion, updatedAt: now })
          .where(eq(channelAccounts.id, id));
      } else {
        await tx.insert(channelAccounts).values(row);
      }
      await tx.insert(channelAccountVersions).values({ channelAccountId: id, version: credentialVersion, publicConfig: row.publicConfig, secretsSealed, createdAt: now });
      return row;
    }));
    await channelAccountChanged(row);
    return channelAccountView(row);
  } catch (error) {
    // Two first-time PUTs raced; the loser becomes a replacement of the winner's account.
    if (isDuplicateKey(error) && attempt === 0) return upsertChannelAccount(owner, provider, prepared, 1);
    throw error;
  }
}

export async function listChannelAccounts(owner: Owner): Promise<ChannelAccountView[]> {
  const rows = await db()
    .select()
    .from(channelAccounts)
    .where(and(eq(channelAccounts.merchantId, owner.merchantId), eq(channelAccounts.mode, modeOf(owner))))
    .orderBy(asc(channelAccounts.provider));
  return rows.map(channelAccountView);
}

export type LoadedChannelAccount = {
  id: string;
  merchantId: string;
  provider: Provider;
  mode: Mode;
  publicConfig: PublicConfig;
  secrets: Secrets;
  /** The credential version these are (versions never change: a cache key for anything built from them). */
  version: number;
  /** When this version was made. */
  updatedAt: Date;
};

type VersionRow = typeof channelAccountVersions.$inferSelect;

function load(row: Row, version?: VersionRow): LoadedChannelAccount {
  return {
    id: row.id,
    merchantId: row.merchantId,
    provider: row.provider,
    mode: row.mode,
    publicConfig: version?.publicConfig ?? row.publicConfig,
    secrets: JSON.parse(open(version?.secretsSealed ?? row.secretsSealed, aad(row.id))) as Secrets,
    version: version?.version ?? row.credentialVersion,
    updatedAt: version?.createdAt ?? row.updatedAt,
  };
}

/** Current accounts with their secrets decrypted, per process, dropped everywhere on a change (lib/cache). */
const accountCache = new InvalidatedCache<LoadedChannelAccount>("channel-accounts");
const accountCacheKey = (merchantId: string, mode: string, provider: string) => `${merchantId}|${mode}|${provider}`;
/** The same, by account id: every inbound callback names its account in the URL (issue 16). */
const accountByIdCache = new InvalidatedCache<LoadedChannelAccount>("channel-accounts-by-id");
/**
 * Credential versions by account id and version. A version is never changed once written (a
 * replacement is a new version), so nothing invalidates these; the cache's rules (read-through
 * without a live subscription, the TTL) still apply.
 */
const versionCache = new InvalidatedCache<LoadedChannelAccount>("channel-account-versions");

/** After an account was created or replaced (committed): its entries by owner and by id, here and in every process. */
export async function channelAccountChanged(account: { id: string; merchantId: string; mode: Mode; provider: Provider }): Promise<void> {
  await Promise.all([accountCache.invalidate(accountCacheKey(account.merchantId, account.mode, account.provider)), accountByIdCache.invalidate(account.id)]);
}

/** The owner's account with its secrets decrypted, for talking to the channel; never for a response. */
export async function loadChannelAccountOrThrow(owner: Owner, provider: Provider): Promise<LoadedChannelAccount> {
  const mode = modeOf(owner);
  const loaded = await accountCache.get(accountCacheKey(owner.merchantId, mode, provider), async () => {
    const [row] = await db()
      .select()
      .from(channelAccounts)
      .where(and(eq(channelAccounts.merchantId, owner.merchantId), eq(channelAccounts.provider, provider), eq(channelAccounts.mode, mode)))
      .limit(1);
    return row ? load(row) : null;
  });
  if (!loaded) throw notFound(`${provider} channel account in ${mode} mode`);
  return loaded;
}

/** By id, for inbound callbacks (the id is in the callback URL). */
export async function loadChannelAccountById(id: string): Promise<LoadedChannelAccount | null> {
  return accountByIdCache.get(id, async () => {
    const [row] = await db().select().from(channelAccounts).where(eq(channelAccounts.id, id)).limit(1);
    return row ? load(row) : null;
  });
}

/**
 * The credentials an order was created with: its callbacks, queries, closes (and refunds) use
 * them, whatever the account's current version is. An order from before versions existed
 * (no version recorded) uses the current one.
 */
export async function loadChannelAccountForOrder(order: { channelAccountId: string | null; credentialVersion: number | null }): Promise<LoadedChannelAccount | null> {
  if (!order.channelAccountId) return null;
  if (order.credentialVersion === null) return loadChannelAccountById(order.channelAccountId);
  return loadChannelAccountVersion(order.channelAccountId, order.credentialVersion);
}

export async function loadChannelAccountVersion(id: string, version: number): Promise<LoadedChannelAccount | null> {
  return versionCache.get(`${id}|${version}`, async () => {
    const [found] = await db()
      .select({ account: channelAccounts, version: channelAccountVersions })
      .from(channelAccountVersions)
      .innerJoin(channelAccounts, eq(channelAccounts.id, channelAccountVersions.channelAccountId))
      .where(and(eq(channelAccountVersions.channelAccountId, id), eq(channelAccountVersions.version, version)))
      .limit(1);
    return found ? load(found.account, found.version) : null;
  });
}

/**
 * How long after an order closed a payment notification for it may still arrive: the providers
 * retry for about 25 hours (Alipay's schedule is the longer), and a closed order the buyer paid
 * becomes paid (paidAfterClose).
 */
export const LATE_NOTIFICATION_WINDOW_MS = 26 * 3600_000;

/** How long a process reuses `olderVersionsInUse`'s answer for an account's current version. */
export const VERSIONS_IN_USE_TTL_MS = 5_000;
/** At most this many older versions are tried on a callback that does not verify with the current keys. */
const MAX_OLDER_VERSIONS_TRIED = 4;

type VersionsInUseEntry = { version: number; until: number; versions: Promise<LoadedChannelAccount[]> };
/** By account id: only the current version's answer is worth keeping. */
const versionsInUseMemo = new Map<string, VersionsInUseEntry>();
const VERSIONS_IN_USE_MAX_ENTRIES = 10_000;

/**
 * The account's older versions still in use, newest first: those with a pending order, one
 * closed recently enough that a late payment notification may still come, or a paid order whose
 * refund is still pending (WeChat encrypts REFUND.* with the order's version's APIv3 key and names
 * no order we could read without it). A callback that does not verify with the current keys is
 * tried with these; once a version's orders and refunds have settled it is no longer trusted for
 * callbacks (it stays on record).
 *
 * Every callback that fails verification asks this, and the account id is public (it is in every
 * callback URL), so a forged flood must not become a query each: the answer is kept per process
 * for VERSIONS_IN_USE_TTL_MS per (account, current version), and concurrent misses share one query.
 *
 * Why a stale answer is safe enough: a replacement changes the current version, so it misses the
 * memo. Otherwise a version mostly only stops being in use (orders settle, the window passes,
 * refunds settle), and a stale answer then tries one version too many: more work, never a refusal.
 * Checked against createRefund and createOrder, a version can newly come into use without a
 * replacement in two ways, so "only ever stops" is not quite true:
 * (1) a refund created on a paid order of an older version. createRefund drops this process's
 *     entry for the account after its commit (versionsInUseChanged); another web process keeps its
 *     answer for up to 5 s.
 * (2) an order created by a process whose cached account was still the previous version in the
 *     moment after a replacement (until the cache's invalidation reaches it).
 * A notification for such a refund or order that reaches a process holding the older answer within
 * those 5 s is refused once, not lost: the provider sends it again (WeChat first after 15 s, when
 * the entry has expired; Alipay's names its order, so the claimed-version path verifies it without
 * this list), and the sweeps settle both by asking the channel.
 */
export function olderVersionsInUse(account: LoadedChannelAccount): Promise<LoadedChannelAccount[]> {
  const now = Date.now();
  const hit = versionsInUseMemo.get(account.id);
  if (hit && hit.version === account.version && hit.until > now) return hit.versions;
  if (versionsInUseMemo.size >= VERSIONS_IN_USE_MAX_ENTRIES) {
    for (const [id, e] of versionsInUseMemo) if (e.until <= now) versionsInUseMemo.delete(id);
    if (versionsInUseMemo.size >= VERSIONS_IN_USE_MAX_ENTRIES) versionsInUseMemo.delete(versionsInUseMemo.keys().next().value!);
  }
  // Timed from the query's start: an answer is never older than the TTL, and a query slower than
  // the TTL lets at most one more start per TTL.
  const entry: VersionsInUseEntry = { version: account.version, until: now + VERSIONS_IN_USE_TTL_MS, versions: queryOlderVersionsInUse(account, new Date(now)) };
  versionsInUseMemo.set(account.id, entry);
  // A failed query is not kept: the next callback asks again.
  entry.versions.catch(() => {
    if (versionsInUseMemo.get(account.id) === entry) versionsInUseMemo.delete(account.id);
  });
  return entry.versions;
}

/** After a change that may bring an older version of the account back into use (a refund created): this process asks afresh. */
export function versionsInUseChanged(accountId: string): void {
  versionsInUseMemo.delete(accountId);
}

/**
 * One query: the account's versions other than the current one, each kept if an order of it (or
 * a pending refund of one) says it is in use. The order tests are an index seek per version
 * (orders_account_version_status_closed), never a scan of the account's orders, and the refund
 * test reads the merchant's pending refunds once (refunds_owner_status, materialised by MariaDB),
 * so the cost does not grow with the merchant's order or refund history.
 */
async function queryOlderVersionsInUse(account: LoadedChannelAccount, now: Date): Promise<LoadedChannelAccount[]> {
  const v = channelAccountVersions;
  const ofThisVersion = and(eq(orders.channelAccountId, v.channelAccountId), eq(orders.credentialVersion, v.version));
  const one = { one: sql`1` };
  const found = await db()
    .select({ account: channelAccounts, version: v })
    .from(v)
    .innerJoin(channelAccounts, eq(channelAccounts.id, v.channelAccountId))
    .where(
      and(
        eq(v.channelAccountId, account.id),
        ne(v.version, account.version),
        or(
          exists(db().select(one).from(orders).where(and(ofThisVersion, eq(orders.status, "pending")))),
          // The latest close, one index entry read backwards; `EXISTS … closed_at > ?` read every
          // closed order of the version when none was recent (MariaDB does not seek on the range there).
          gt(
            db().select({ closedAt: orders.closedAt }).from(orders).where(and(ofThisVersion, eq(orders.status, "closed"))).orderBy(desc(orders.closedAt)).limit(1),
            new Date(now.getTime() - LATE_NOTIFICATION_WINDOW_MS),
          ),
          exists(
            db()
              .select(one)
              .from(refunds)
              .innerJoin(orders, eq(orders.id, refunds.orderId))
              .where(and(eq(refunds.merchantId, account.merchantId), eq(refunds.livemode, account.mode === "live"), eq(refunds.status, "pending"), ofThisVersion)),
          ),
        ),
      ),
    )
    .orderBy(desc(v.version))
    .limit(MAX_OLDER_VERSIONS_TRIED);
  return found.map((f) => load(f.account, f.version));
}

export type CredentialVersionView = {
  version: number;
  createdAt: string;
  current: boolean;
  /** Orders created with this version that are still pending. */
  openOrders: number;
};

/** An account's credential versions, newest first, with how many open orders each still serves. */
export async function listCredentialVersions(accountId: string): Promise<CredentialVersionView[]> {
  const [account] = await db().select({ current: channelAccounts.credentialVersion }).from(channelAccounts).where(eq(channelAccounts.id, accountId)).limit(1);
  if (!account) return [];
  const [versions, open] = await Promise.all([
    db()
      .select({ version: channelAccountVersions.version, createdAt: channelAccountVersions.createdAt })
      .from(channelAccountVersions)
      .where(eq(channelAccountVersions.channelAccountId, accountId))
      .orderBy(desc(channelAccountVersions.version)),
    db()
      .select({ version: orders.credentialVersion, n: sql<number>`count(*)` })
      .from(orders)
      .where(and(eq(orders.channelAccountId, accountId), eq(orders.status, "pending")))
      .groupBy(orders.credentialVersion),
  ]);
  // Orders from before versions existed ran on version 1's keys.
  const openBy = new Map(open.map((o) => [o.version ?? 1, Number(o.n)]));
  return versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), current: v.version === account.current, openOrders: openBy.get(v.version) ?? 0 }));
}
