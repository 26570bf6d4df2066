import { describe, expect, it, beforeAll } from "vitest";
import { call } from "../helpers/api";
import { newMerchant } from "../helpers/fixtures";
import { createApiKey, revokeApiKey, touchApiKey } from "../../lib/api-keys/api-keys";
import { db } from "../../lib/db/client";
import { apiKeys } from "../../lib/db/schema";
import { eq } from "drizzle-orm";

let m: Awaited<ReturnType<typeof newMerchant>>;
beforeAll(async () => {
  m = await newMerchant();
});

describe("API key authentication", () => {
  it("answers 401 without a key, with a malformed header and with an unknown key", async () => {
    const none = await call("GET", "/api/v1/goods");
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ type: "authentication", code: "missing_api_key" });
    const basic = await call("GET", "/api/v1/goods", { headers: { authorization: "Basic abc" } });
    expect(basic.status).toBe(401);
    expect(basic.body.error.code).toBe("invalid_authorization");
    const unknownKey = "sk_test_" + "A".repeat(32);
    const unknown = await call("GET", "/api/v1/goods", { key: unknownKey });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("invalid_api_key");
    expect(JSON.stringify(unknown.body)).not.toContain(unknownKey);
  });

  it("answers 401 for a revoked key", async () => {
    const key = await createApiKey(m.merchantId, "test", "secret");
    expect((await call("GET", "/api/v1/goods", { key: key.key })).status).toBe(200);
    expect(await revokeApiKey(m.merchantId, key.id)).toBe(true);
    const res = await call("GET", "/api/v1/goods", { key: key.key });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_api_key");
  });

  it("answers 403 for a publishable key on secret-only routes", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/goods"],
      ["POST", "/api/v1/goods"],
      ["GET", "/api/v1/channel-accounts"],
    ] as const) {
      const res = await call(method, path, { key: m.testPublishableKey, body: method === "POST" ? { name: "x", price: 1 } : undefined });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error).toMatchObject({ type: "permission", code: "secret_key_required" });
    }
    const list = await call("GET", "/api/v1/goods", { key: m.testSecretKey });
    expect(list.body.data).toHaveLength(0);
  });

  it("stores only the key's hash and records when it was last used", async () => {
    const key = await createApiKey(m.merchantId, "test", "secret");
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.keyHash).not.toContain(key.key.slice(8));
    expect(JSON.stringify(row)).not.toContain(key.key);
    expect(row!.prefix).toBe(key.key.slice(0, 12));
    expect(row!.lastUsedAt).toBeNull();
    await call("GET", "/api/v1/goods", { key: key.key });
    await new Promise((r) => setTimeout(r, 200));
    const [after] = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(after!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("sends a key's use to the database at most once a minute per process, not one statement per request", async () => {
    const key = await createApiKey(m.merchantId, "test", "secret");
    const lastUsed = async () => (await db().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, key.id)))[0]!.at;
    const t0 = Date.now();
    await touchApiKey(key.id, t0);
    expect(await lastUsed()).toBeInstanceOf(Date);
    // Cleared behind the process's back: a statement sent again would write it again (the row's own
    // once-a-minute condition holds for a null), so a null still there means nothing was sent.
    await db().update(apiKeys).set({ lastUsedAt: null }).where(eq(apiKeys.id, key.id));
    await touchApiKey(key.id, t0 + 1_000);
    await touchApiKey(key.id, t0 + 59_000);
    expect(await lastUsed()).toBeNull();
    await touchApiKey(key.id, t0 + 61_000);
    expect(await lastUsed()).toBeInstanceOf(Date);
  });
});
