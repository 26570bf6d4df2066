import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { call } from "../helpers/api";
import { createOrder, newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { startReceiver, receivedFor, type Receiver } from "../helpers/webhook-receiver";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";
import { expireDueOrders, reconcilePendingOrders } from "../../lib/orders/sweeps";
import { signInWithPassword } from "../../lib/portal/sign-in";
import { getPortalMerchant } from "../../lib/portal/merchant";
import { createCheckoutSession } from "../../lib/checkout/sessions";
import { startCheckoutPayment } from "../../lib/checkout/start-payment";
import { createMerchant } from "../../lib/merchants/merchants";
import { listApiKeys } from "../../lib/api-keys/api-keys";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const cli = (...args: string[]) => run(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], { cwd: root, env: process.env });
/** Each call starts a process (tsx, a migration check): seconds apiece on a busy two-core machine. */
const SLOW = 120_000;
const cliJson = async (...args: string[]) => JSON.parse((await cli(...args)).stdout);

let env: Env;
let receiver: Receiver;
beforeAll(async () => {
  env = await startPaymentsEnv();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await stopPaymentsEnv(env);
});

async function shopWithHooks(): Promise<Shop> {
  const shop = await newShop(120);
  await call("PATCH", `/api/v1/goods/${shop.goodsId}`, { key: shop.testSecretKey, body: { notifyUrls: { orderCreated: receiver.url, orderPaid: receiver.url } } });
  return shop;
}

async function payThroughSandbox(shop: Shop, outcome = "pay") {
  const order = (await createOrder(shop, "alipay_h5")).body;
  const trade = await tradeIdFor(order.payParams, env.app.base);
  await openCashier(trade);
  await simulate(env.app.base, trade, outcome);
  return order as { id: string };
}

const statusOf = async (id: string) => (await db().select({ status: orders.status }).from(orders).where(eq(orders.id, id)))[0]!.status;

describe("orders show", () => {
  it("prints the order with its channel requests, callbacks, events, deliveries and attempts", async () => {
    const shop = await shopWithHooks();
    const order = await payThroughSandbox(shop);
    await waitFor(async () => receiver.received.filter((r) => JSON.parse(r.body).data.order.id === order.id).length >= 2);

    const shown = await waitFor(async () => {
      const s = await cliJson("orders", "show", order.id);
      return s.events.every((e: { deliveries: { status: string }[] }) => e.deliveries.every((d) => d.status === "succeeded")) ? s : null;
    });
    expect(shown.order).toMatchObject({ id: order.id, status: "paid", merchantId: shop.merchantId, amount: 120, unitPriceFen: 120 });
    expect(shown.channelRequests.map((r: { operation: string }) => r.operation)).toContain("create");
    expect(shown.callbacks).toHaveLength(1);
    expect(shown.callbacks[0]).toMatchObject({ provider: "alipay", verified: true, outcome: "applied" });
    expect(shown.callbacks[0].rawBody).toContain(`out_trade_no=${order.id}`);
    expect(shown.events.map((e: { type: string }) => e.type)).toEqual(["order.created", "order.paid"]);
    for (const event of shown.events) {
      expect(event.deliveries).toHaveLength(1);
      expect(event.deliveries[0].url).toBe(receiver.url);
      expect(event.deliveries[0].attempts[0]).toMatchObject({ trigger: "automatic", statusCode: 200 });
    }
  }, SLOW);

  it("refuses a malformed id and says when there is no such order", async () => {
    await expect(cli("orders", "show", "evt_123")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("expected a ord_… id") });
    await expect(cli("orders", "show", "ord_doesnotexist")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No such order") });
  }, SLOW);
});

describe("events resend", () => {
  it("sends the event again now, signed, and prints the attempt", async () => {
    const shop = await shopWithHooks();
    const order = await payThroughSandbox(shop);
    const paidEvent = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.body).type === "order.paid" && JSON.parse(r.body).data.order.id === order.id));
    const before = receivedFor(receiver, paidEvent.id).length;

    const resent = await cliJson("events", "resend", paidEvent.id);
    expect(resent).toMatchObject({ id: paidEvent.id, type: "order.paid" });
    expect(resent.deliveries[0].attempts.map((a: { trigger: string }) => a.trigger)).toContain("resend");
    const again = receivedFor(receiver, paidEvent.id);
    expect(again.length).toBe(before + 1);
    const last = again.at(-1)!;
    expect(() => new Webhook(shop.webhookSecret).verify(last.body, last.headers)).not.toThrow();
    await expect(cli("events", "resend", "evt_nope")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No such event") });
  }, SLOW);
});

describe("merchants suspend | resume", () => {
  it("refuses the merchant's keys and portal sign-in, while its pending orders still settle and notify", async () => {
    const email = `suspend-${Date.now()}@example.com`;
    const created = await createMerchant({ email, password: "a long enough passphrase", name: "Suspended shop" });
    const goods = await call("POST", "/api/v1/goods", {
      key: created.testSecretKey,
      body: { name: "g", price: 50, notifyUrls: { orderPaid: receiver.url } },
    });
    const shop: Shop = { ...created, goodsId: goods.body.id, liveSecretKey: async () => "" };
    // Three orders under way before the suspension: paid by callback, paid without one, never paid.
    const byCallback = (await createOrder(shop, "alipay_h5")).body;
    const byQuery = (await createOrder(shop, "wechat_h5")).body;
    const unpaid = (await createOrder(shop, "wechat_h5")).body;
    const session = await createCheckoutSession({ merchantId: created.merchantId, livemode: false }, { goodsId: goods.body.id, quantity: 1, buyerId: "b", successUrl: "https://shop.example.com/ok" }, { publishableKey: false });

    const suspended = await cliJson("merchants", "suspend", created.merchantId);
    expect(suspended).toMatchObject({ id: created.merchantId, suspendedAt: expect.any(String) });
    expect((await cliJson("merchants", "list")).find((m: { id: string }) => m.id === created.merchantId).suspendedAt).toBe(suspended.suspendedAt);

    for (const key of [created.testSecretKey, created.testPublishableKey]) {
      const res = await call("GET", `/api/v1/orders/${byCallback.id}`, { key });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ type: "permission", code: "merchant_suspended" });
    }
    const refusedOrder = await call("POST", "/api/v1/orders", { key: created.testPublishableKey, body: { goodsId: goods.body.id, quantity: 1, channel: "alipay_h5", buyerId: "b" } });
    expect(refusedOrder.status).toBe(403);
    expect(await signInWithPassword(email, "a long enough passphrase", "203.0.113.9")).toEqual({ ok: false, reason: "suspended" });
    expect(await signInWithPassword(email, "a wrong passphrase!!", "203.0.113.9")).toEqual({ ok: false, reason: "invalid" });
    const [user] = await db().query.merchantUsers.findMany({ where: (u, { eq: is }) => is(u.merchantId, created.merchantId) });
    expect(await getPortalMerchant(created.merchantId, user!.id)).toBeNull();
    expect(await startCheckoutPayment(session.id, "alipay_h5", { ip: "203.0.113.9" })).toEqual({ kind: "error", message: "merchant suspended" });

    // The buyer pays: the callback is still applied and the webhook still delivered.
    const trade = await tradeIdFor(byCallback.payParams, env.app.base);
    await openCashier(trade);
    await simulate(env.app.base, trade, "pay");
    await waitFor(async () => (await statusOf(byCallback.id)) === "paid");
    await waitFor(async () => receiver.received.find((r) => JSON.parse(r.body).type === "order.paid" && JSON.parse(r.body).data.order.id === byCallback.id));
    // A payment whose callback never came is found by the worker's query; an unpaid one expires.
    await simulate(env.app.base, await tradeIdFor(byQuery.payParams, env.app.base), "pay_no_notify");
    await db().update(orders).set({ createdAt: new Date(Date.now() - 3 * 60_000) }).where(eq(orders.id, byQuery.id));
    await reconcilePendingOrders();
    expect(await statusOf(byQuery.id)).toBe("paid");
    await db().update(orders).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(orders.id, unpaid.id));
    await expireDueOrders();
    expect(await statusOf(unpaid.id)).toBe("closed");

    expect(await cliJson("merchants", "resume", created.merchantId)).toEqual({ id: created.merchantId, suspendedAt: null });
    expect((await call("GET", `/api/v1/orders/${byQuery.id}`, { key: created.testSecretKey })).body.status).toBe("paid");
    expect((await signInWithPassword(email, "a long enough passphrase", "203.0.113.9")).ok).toBe(true);
    expect(await getPortalMerchant(created.merchantId, user!.id)).not.toBeNull();
  }, SLOW);

  it("says when there is no such merchant", async () => {
    await expect(cli("merchants", "suspend", "mer_nope")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No such merchant") });
  }, SLOW);
});

describe("keys rotate", () => {
  it("revokes the key and prints a replacement of the same mode and kind, once", async () => {
    const shop = await newShop(1);
    const keys = await listApiKeys(shop.merchantId);
    const publishable = keys.find((k) => k.kind === "publishable")!;
    const secret = keys.find((k) => k.kind === "secret")!;

    const rotated = await cliJson("keys", "rotate", "--merchant", shop.merchantId, "--key", secret.id);
    expect(rotated.revoked).toMatchObject({ id: secret.id, kind: "secret", livemode: false, revokedAt: expect.any(String) });
    expect(rotated.created).toMatchObject({ kind: "secret", livemode: false, revokedAt: null });
    expect(rotated.created.key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect((await call("GET", "/api/v1/goods", { key: shop.testSecretKey })).status).toBe(401);
    expect((await call("GET", "/api/v1/goods", { key: rotated.created.key })).status).toBe(200);
    // Listed afterwards without the key itself.
    expect(JSON.stringify(await listApiKeys(shop.merchantId))).not.toContain(rotated.created.key);

    const pk = await cliJson("keys", "rotate", "--merchant", shop.merchantId, "--key", publishable.id);
    expect(pk.created.key).toMatch(/^pk_test_/);
    expect((await createOrder({ ...shop, testPublishableKey: pk.created.key }, "alipay_h5")).status).toBe(201);

    await expect(cli("keys", "rotate", "--merchant", shop.merchantId, "--key", secret.id)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No such active key") });
    await expect(cli("keys", "rotate", "--merchant", shop.merchantId)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--key is required") });
  }, SLOW);
});

describe("users reset-password", () => {
  it("sets a portal user's password by email (the old one stops working) and refuses weak passwords and unknown emails", async () => {
    const email = `reset-${Date.now()}@example.com`;
    const created = await createMerchant({ email, password: "the old long passphrase", name: "Reset shop" });
    const out = await cliJson("users", "reset-password", "--email", email.toUpperCase(), "--password", "a brand new passphrase");
    expect(out).toMatchObject({ merchantId: created.merchantId, email });
    expect((await signInWithPassword(email, "a brand new passphrase", "203.0.113.21")).ok).toBe(true);
    expect((await signInWithPassword(email, "the old long passphrase", "203.0.113.22")).ok).toBe(false);

    await expect(cli("users", "reset-password", "--email", email, "--password", "password123")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("too common") });
    expect((await signInWithPassword(email, "a brand new passphrase", "203.0.113.23")).ok).toBe(true);
    await expect(cli("users", "reset-password", "--email", "nobody@example.com", "--password", "a brand new passphrase")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No portal user") });
    await expect(cli("users", "reset-password", "--email", email)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--password is required") });
  }, SLOW);
});
