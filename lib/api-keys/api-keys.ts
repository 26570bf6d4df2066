import { createHash } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, type DbOrTx } from "../db/client";
import { apiKeys, merchants } from "../db/schema";
import { newId, randomBase62 } from "../ids";
import { InvalidatedCache } from "../cache/invalidated-cache";
import type { Mode } from "../owner";

export type KeyKind = "secret" | "publishable";
export type { Mode };

const KIND_PREFIX: Record<KeyKind, string> = { secret: "sk", publishable: "pk" };
const KEY_PATTERN = /^(sk|pk)_(test|live)_[0-9A-Za-z]{32}$/;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export type ApiKeyView = {
  id: string;
  object: "api_key";
  kind: KeyKind;
  livemode: boolean;
  prefix: string;
  /** A publishable key in full (it is public by design); null for secret keys and for publishable keys older than the column. */
  publishableKey: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

function view(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    object: "api_key",
    kind: row.kind,
    livemode: row.mode === "live",
    prefix: row.prefix,
    publishableKey: row.kind === "publishable" ? row.publishableKey : null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Creates a key and returns it in full. A secret key is visible only now: only its hash is stored.
 * A publishable key is stored in full as well, since it is meant to be shown in a web page anyway.
 */
export async function createApiKey(
  merchantId: string,
  mode: Mode,
  kind: KeyKind,
  tx: DbOrTx = db(),
): Promise<ApiKeyView & { key: string }> {
  const key = `${KIND_PREFIX[kind]}_${mode}_${randomBase62(32)}`;
  const row = {
    id: newId("key"),
    merchantId,
    kind,
    mode,
    keyHash: hashApiKey(key),
    prefix: key.slice(0, 12),
    publishableKey: kind === "publishable" ? key : null,
    createdAt: new Date(),
  };
  await tx.insert(apiKeys).values(row);
  return { ...view({ ...row, lastUsedAt: null, revokedAt: null }), key };
}

export async function listApiKeys(merchantId: string): Promise<ApiKeyView[]> {
  const rows = await db().select().from(apiKeys).where(eq(apiKeys.merchantId, merchantId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(view);
}

/** Revokes one of the merchant's keys; returns false when the merchant has no such active key. */
export async function revokeApiKey(merchantId: string, keyId: string): Promise<boolean> {
  const [result] = await db()
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.merchantId, merchantId), isNull(apiKeys.revokedAt)));
  if (result.affectedRows === 1) await apiKeysChanged();
  return result.affectedRows === 1;
}

export type ResolvedKey = { keyId: string; merchantId: string; kind: KeyKind; mode: Mode; merchantSuspended: boolean };

/**
 * Finds the active key for a presented secret. The format is checked before the lookup so garbage
 * never reaches the database; the lookup is by hash, so timing reveals nothing about stored keys.
 */
export async function resolveApiKey(presented: string): Promise<ResolvedKey | null> {
  if (!KEY_PATTERN.test(presented)) return null;
  return keyCache.get(hashApiKey(presented), () => lookUpKey(presented));
}

/**
 * Active keys by hash, per process. Every revocation, rotation or suspension drops them in every
 * process at once (lib/cache), so a revoked key is refused everywhere as soon as the change commits.
 */
const keyCache = new InvalidatedCache<ResolvedKey>("api-keys");

/** After a key was revoked or a merchant suspended or reinstated (committed). */
export async function apiKeysChanged(): Promise<void> {
  await keyCache.invalidate();
}

async function lookUpKey(presented: string): Promise<ResolvedKey | null> {
  const [row] = await db()
    .select({
      id: apiKeys.id,
      merchantId: apiKeys.merchantId,
      kind: apiKeys.kind,
      mode: apiKeys.mode,
      revokedAt: apiKeys.revokedAt,
      suspendedAt: merchants.suspendedAt,
    })
    .from(apiKeys)
    .innerJoin(merchants, eq(merchants.id, apiKeys.merchantId))
    .where(eq(apiKeys.keyHash, hashApiKey(presented)))
    .limit(1);
  if (!row || row.revokedAt) return null;
  return { keyId: row.id, merchantId: row.merchantId, kind: row.kind, mode: row.mode, merchantSuspended: row.suspendedAt !== null };
}

/** When this process last recorded each key's use (ms); bounded like the caches. */
const touchedAt = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

/**
 * Records use at most once a minute per key, so a busy key does not turn every request into a
 * write. The process remembers when it last recorded a key and skips the statement until a minute
 * has passed: even an UPDATE that changes nothing is a round trip and a lock on the key's row, and
 * a busy key's concurrent requests queued on that one row lock (issue 16). The statement keeps its
 * own once-a-minute condition for the other processes.
 */
export async function touchApiKey(keyId: string, now = Date.now()): Promise<void> {
  const last = touchedAt.get(keyId);
  if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
  if (touchedAt.size >= 10_000) touchedAt.clear();
  touchedAt.set(keyId, now);
  await db()
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.id, keyId),
        sql`(${apiKeys.lastUsedAt} IS NULL OR ${apiKeys.lastUsedAt} < NOW(3) - INTERVAL 60 SECOND)`,
      ),
    );
}

/**
 * Replaces one of the merchant's active keys: the old one is revoked and a new key of the same
 * mode and kind is created, in one transaction (the row lock keeps two rotations of one key from
 * both succeeding). The new key is returned in full, the only time it is visible. Null when the
 * merchant has no such active key.
 */
export async function rotateApiKey(merchantId: string, keyId: string): Promise<{ revoked: ApiKeyView; created: ApiKeyView & { key: string } } | null> {
  const rotated = await db().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.merchantId, merchantId), isNull(apiKeys.revokedAt)))
      .for("update");
    if (!row) return null;
    const revokedAt = new Date();
    await tx.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, row.id));
    const created = await createApiKey(merchantId, row.mode, row.kind, tx);
    return { revoked: view({ ...row, revokedAt }), created };
  });
  if (rotated) await apiKeysChanged();
  return rotated;
}
