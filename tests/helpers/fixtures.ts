import { randomBytes } from "node:crypto";
import { createMerchant } from "../../lib/merchants/merchants";
import { createApiKey } from "../../lib/api-keys/api-keys";
import { call } from "./api";

export async function newMerchant(name = "Test shop") {
  const created = await createMerchant({
    email: `m-${randomBytes(6).toString("hex")}@example.com`,
    password: "a long enough passphrase",
    name,
  });
  return {
    ...created,
    liveSecretKey: async () => (await createApiKey(created.merchantId, "live", "secret")).key,
  };
}

export async function newGoods(key: string, overrides: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/goods", { key, body: { name: "Goods A", price: 100, ...overrides } });
  if (res.status !== 201) throw new Error(`goods creation failed: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; price: number };
}
