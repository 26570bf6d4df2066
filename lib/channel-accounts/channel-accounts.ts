import { and, asc, eq } from "drizzle-orm";
import { db, isDuplicateKey } from "../db/client";
import { channelAccounts } from "../db/schema";
import { newId } from "../ids";
import { seal, open } from "../crypto/secret-box";
import { config } from "../config";
import { invalid, notFound } from "../api/errors";
import { modeOf, type Mode, type Owner } from "../owner";
import {
  KeyFormatError,
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

function keyError(param: string, error: unknown): never {
  if (error instanceof KeyFormatError) throw invalid("invalid_key", error.message, param, 422);
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
    throw invalid(
      "invalid_key",
      "alipayPublicKey is the public half of your own app private key. Paste the Alipay public key (支付宝公钥) from the Alipay console instead.",
      "alipayPublicKey",
      422,
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

export function prepareWechatpayAccount(input: WechatpayAccountInput): PreparedAccount {
  const privateKey = parsePrivate(input.privateKey, "privateKey");
  const platform = parsePublic(input.platformPublicKey, "platformPublicKey");
  if (samePublicKey(privateKey, platform.key)) {
    throw invalid(
      "invalid_key",
      "platformPublicKey is the public half of your own merchant private key. Paste the WeChat Pay platform public key (or platform certificate) instead.",
      "platformPublicKey",
      422,
    );
  }
  let platformPublicKeyId: string;
  let platformKeyMode: "certificate" | "public_key";
  if (platform.certificateSerial) {
    platformKeyMode = "certificate";
    platformPublicKeyId = platform.certificateSerial;
    if (input.platformPublicKeyId && input.platformPublicKeyId.toUpperCase() !== platformPublicKeyId) {
      throw invalid(
        "parameter_invalid",
        `platformPublicKeyId does not match the platform certificate's serial number (${platformPublicKeyId}).`,
        "platformPublicKeyId",
        422,
      );
    }
  } else {
    platformKeyMode = "public_key";
    if (!input.platformPublicKeyId || !/^PUB_KEY_ID_[0-9A-Za-z]+$/.test(input.platformPublicKeyId)) {
      throw invalid(
        "parameter_invalid",
        "platformPublicKeyId is required with a platform public key and looks like PUB_KEY_ID_0112345678901234567890.",
        "platformPublicKeyId",
        422,
      );
    }
    platformPublicKeyId = input.platformPublicKeyId;
  }
  return {
    publicConfig: {
      appId: input.appId,
      mchId: input.mchId,
      serialNo: input.serialNo.toUpperCase(),
      platformPublicKey: publicKeyPem(platform.key),
      platformPublicKeyId,
      platformKeyMode,
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
    ...row.publicConfig,
    ...masked,
    callbackUrl: callbackUrl(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Creates or replaces the owner's account for a provider (in the owner's mode). The id is kept
 * across replacements because it is part of the callback URL the channel already knows.
 */
export async function upsertChannelAccount(owner: Owner, provider: Provider, prepared: PreparedAccount, attempt = 0): Promise<ChannelAccountView> {
  const { merchantId } = owner;
  const mode = modeOf(owner);
  const now = new Date();
  const [existing] = await db()
    .select({ id: channelAccounts.id, createdAt: channelAccounts.createdAt })
    .from(channelAccounts)
    .where(and(eq(channelAccounts.merchantId, merchantId), eq(channelAccounts.provider, provider), eq(channelAccounts.mode, mode)))
    .limit(1);
  const id = existing?.id ?? newId("ca");
  const secretsSealed = seal(JSON.stringify(prepared.secrets), aad(id));
  const row: Row = {
    id,
    merchantId,
    provider,
    mode,
    publicConfig: prepared.publicConfig,
    secretsSealed,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (existing) {
    await db()
      .update(channelAccounts)
      .set({ publicConfig: row.publicConfig, secretsSealed, updatedAt: now })
      .where(eq(channelAccounts.id, id));
  } else {
    try {
      await db().insert(channelAccounts).values(row);
    } catch (error) {
      // Two first-time PUTs raced; the loser becomes an update of the winner's row.
      if (isDuplicateKey(error) && attempt === 0) return upsertChannelAccount(owner, provider, prepared, 1);
      throw error;
    }
  }
  return channelAccountView(row);
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
  /** Changes whenever the credentials are replaced: a cache key for anything built from them. */
  updatedAt: Date;
};

function load(row: Row): LoadedChannelAccount {
  return {
    id: row.id,
    merchantId: row.merchantId,
    provider: row.provider,
    mode: row.mode,
    publicConfig: row.publicConfig,
    secrets: JSON.parse(open(row.secretsSealed, aad(row.id))) as Secrets,
    updatedAt: row.updatedAt,
  };
}

/** The owner's account with its secrets decrypted, for talking to the channel; never for a response. */
export async function loadChannelAccountOrThrow(owner: Owner, provider: Provider): Promise<LoadedChannelAccount> {
  const mode = modeOf(owner);
  const [row] = await db()
    .select()
    .from(channelAccounts)
    .where(and(eq(channelAccounts.merchantId, owner.merchantId), eq(channelAccounts.provider, provider), eq(channelAccounts.mode, mode)))
    .limit(1);
  if (!row) throw notFound(`${provider} channel account in ${mode} mode`);
  return load(row);
}

/** By id, for inbound callbacks (the id is in the callback URL). */
export async function loadChannelAccountById(id: string): Promise<LoadedChannelAccount | null> {
  const [row] = await db().select().from(channelAccounts).where(eq(channelAccounts.id, id)).limit(1);
  return row ? load(row) : null;
}
