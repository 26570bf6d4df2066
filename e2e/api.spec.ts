import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import path from "node:path";

/**
 * The "done when", through the real HTTP server that `npm start` runs: the operator CLI
 * creates a merchant, its test secret key creates goods, changes the price and reads it back, and
 * its publishable key cannot list goods. Also what only the real server can show: Next's routing of
 * unknown paths, and body handling.
 */
const root = path.resolve(import.meta.dirname, "..");

function cli(...args: string[]) {
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], { cwd: root, env: process.env });
  return JSON.parse(out.toString());
}

test("operator creates a merchant; the merchant manages goods over HTTP", async ({ request }) => {
  const merchant = cli("merchants", "create", "--email", `e2e-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "E2E shop");
  const auth = { Authorization: `Bearer ${merchant.testSecretKey}` };

  const created = await request.post("/api/v1/goods", { headers: auth, data: { name: "Goods a", price: 1 } });
  expect(created.status()).toBe(201);
  const goods = await created.json();
  expect(goods).toMatchObject({ object: "goods", price: 1, currency: "CNY", livemode: false });

  const patched = await request.patch(`/api/v1/goods/${goods.id}`, { headers: auth, data: { price: 250 } });
  expect(patched.status()).toBe(200);
  const read = await request.get(`/api/v1/goods/${goods.id}`, { headers: auth });
  expect((await read.json()).price).toBe(250);

  const publishable = await request.get("/api/v1/goods", { headers: { Authorization: `Bearer ${merchant.testPublishableKey}` } });
  expect(publishable.status()).toBe(403);
  expect((await publishable.json()).error.code).toBe("secret_key_required");

  const replay1 = await request.post("/api/v1/goods", { headers: { ...auth, "Idempotency-Key": "e2e-1" }, data: { name: "b", price: 2 } });
  const replay2 = await request.post("/api/v1/goods", { headers: { ...auth, "Idempotency-Key": "e2e-1" }, data: { name: "b", price: 2 } });
  expect(await replay2.json()).toEqual(await replay1.json());
});

test("every failure is JSON in the contract's shape", async ({ request }) => {
  const merchant = cli("merchants", "create", "--email", `e2e-err-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "E2E errors");
  const auth = { Authorization: `Bearer ${merchant.testSecretKey}` };
  const cases = [
    await request.get("/api/v1/does-not-exist", { headers: auth }),
    await request.get("/api/v1/goods"),
    await request.post("/api/v1/goods", { headers: { ...auth, "Content-Type": "application/json" }, data: "{not json" }),
    await request.post("/api/v1/goods", { headers: { ...auth, "Content-Type": "text/plain" }, data: "hello" }),
    await request.post("/api/v1/goods", {
      headers: { ...auth, "Content-Type": "application/json" },
      data: JSON.stringify({ name: "x", price: 1, description: "y".repeat(80 * 1024) }),
    }),
    await request.delete("/api/v1/goods", { headers: auth }),
  ];
  expect(cases.map((r) => r.status())).toEqual([404, 401, 400, 400, 400, 405]);
  for (const res of cases) {
    expect(res.headers()["content-type"]).toContain("application/json");
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.type).toMatch(/^(invalid_request|authentication|not_found)$/);
    expect(body.error.message.length).toBeGreaterThan(0);
  }
});

test("the client address is the socket's: a spoofed X-Forwarded-For never reaches the order", async ({ request }) => {
  const merchant = cli("merchants", "create", "--email", `e2e-ip-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "E2E address");
  const goods = await (await request.post("/api/v1/goods", { headers: { Authorization: `Bearer ${merchant.testSecretKey}` }, data: { name: "Goods a", price: 1 } })).json();
  const order = await request.post("/api/v1/orders", {
    headers: { Authorization: `Bearer ${merchant.testPublishableKey}`, "X-Forwarded-For": "198.51.100.7", "X-Payrelay-Socket-Address": "198.51.100.9" },
    data: { goodsId: goods.id, quantity: 1, channel: "wechat_h5", buyerId: "e2e-buyer" },
  });
  expect(order.status()).toBe(201);
  const shown = cli("orders", "show", (await order.json()).id);
  expect(shown.order.clientIp).toBe("127.0.0.1");
});

test("rate limits with the default budgets: 20 creations a minute per address with a publishable key, headers on every answer", async ({ request }) => {
  const merchant = cli("merchants", "create", "--email", `e2e-rl-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "E2E limits");
  const goods = await (await request.post("/api/v1/goods", { headers: { Authorization: `Bearer ${merchant.testSecretKey}` }, data: { name: "Goods a", price: 1 } })).json();
  const create = () =>
    request.post("/api/v1/orders", {
      headers: { Authorization: `Bearer ${merchant.testPublishableKey}`, "X-Forwarded-For": `198.51.100.${Math.floor(Math.random() * 250)}` },
      data: { goodsId: goods.id, quantity: 1, channel: "alipay_h5", buyerId: "e2e-buyer" },
    });
  // One creation's worth comes back every 3 s, so how many pass before the 429 depends on how long they take.
  const started = Date.now();
  let created = 0;
  let refused;
  while (!refused && created < 60) {
    const res = await create();
    if (res.status() === 429) refused = res;
    else {
      expect(res.status()).toBe(201);
      expect(res.headers()["ratelimit-limit"]).toBe("20");
      created++;
    }
  }
  expect(created).toBeGreaterThanOrEqual(20);
  expect(created).toBeLessThanOrEqual(20 + Math.ceil((Date.now() - started) / 3000));
  expect(refused!.headers()["ratelimit-remaining"]).toBe("0");
  expect((await refused!.json()).error.code).toBe("rate_limited");
  expect(Number(refused!.headers()["retry-after"])).toBeGreaterThan(0);
  const unauthenticated = await request.get("/api/v1/goods");
  expect(unauthenticated.status()).toBe(401);
  expect(unauthenticated.headers()["ratelimit-limit"]).toBe("25");
});
