import { and, asc, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { db, isDuplicateKey, retryOnDeadlock } from "../db/client";
import { channelAccounts, channelAccountVersions, orders } from "../db/schema";
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

/**
 * The account's older versions still in use, newest first: those with a pending order, or one
 * closed recently enough that a late payment notification may still come. A callback that does not
 * verify with the current keys is tried with these; once a version's orders have settled it is no
 * longer trusted for callbacks (it stays on record).
 */
export async function olderVersionsInUse(account: LoadedChannelAccount, now = new Date(), limit = 4): Promise<LoadedChannelAccount[]> {
  const rows = await db()
    .selectDistinct({ version: orders.credentialVersion })
    .from(orders)
    .where(
      and(
        eq(orders.channelAccountId, account.id),
        or(eq(orders.status, "pending"), and(eq(orders.status, "closed"), gt(orders.closedAt, new Date(now.getTime() - LATE_NOTIFICATION_WINDOW_MS)))),
      ),
    );
  const versions = rows
    .map((r) => r.version)
    .filter((v): v is number => v !== null && v !== account.version)
    .sort((a, b) => b - a)
    .slice(0, limit);
  if (versions.length === 0) return [];
  const found = await db()
    .select({ account: channelAccounts, version: channelAccountVersions })
    .from(channelAccountVersions)
    .innerJoin(channelAccounts, eq(channelAccounts.id, channelAccountVersions.channelAccountId))
    .where(and(eq(channelAccountVersions.channelAccountId, account.id), inArray(channelAccountVersions.version, versions)))
    .orderBy(desc(channelAccountVersions.version));
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
