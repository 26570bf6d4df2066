/**
 * Webhook endpoints (docs/api.md "Webhook endpoints"): CRUD and validation, and the fan-out of every
 * event to the goods' notify URL and to each enabled endpoint subscribed to its type, each a delivery
 * of its own with the same webhook-id; order.closed, which no goods URL takes, reaches endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, eventsFor, openCashier, simulate, sleep, startPaymentsEnv, tradeIdFor, stopPaymentsEnv, waitFor, type Env, type Shop } from "../helpers/payments";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { eq } from "drizzle-orm";
import { db } from "../../lib/db/client";
import { webhookDeliveries } from "../../lib/db/schema";
import { webhookEndpointSchema } from "../../lib/webhook-endpoints/schemas";
import { MAX_ENDPOINTS_PER_MODE } from "../../lib/webhook-endpoints/schemas";

let env: Env;
let receiver: Receiver;
beforeAll(async () => {
  env = await startPaymentsEnv();
  receiver = await startReceiver();
});
afterAll(async () => {
  await stopPaymentsEnv(env);
  await receiver.close();
});

const endpoints = (key: string, body: unknown) => call("POST", "/api/v1/webhook-endpoints", { key, body });

// Merchant creation (bcrypt, two RSA keys) is slow on a busy machine.
describe("webhook endpoints API", { timeout: 120_000 }, () => {
  it("creates, lists, retrieves, updates and deletes an endpoint of the key's mode", async () => {
    const m = await newMerchant("Endpoints CRUD");
    const created = await endpoints(m.testSecretKey, { url: "https://shop.example.com/hooks", enabledEvents: ["order.paid", "order.paid"], description: "ERP" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(webhookEndpointSchema.parse(created.body)).toMatchObject({
      object: "webhook_endpoint",
      livemode: false,
      url: "https://shop.example.com/hooks",
      enabledEvents: ["order.paid"],
      description: "ERP",
      disabled: false,
      disabledReason: null,
    });
    expect(created.body.id).toMatch(/^we_/);

    const star = await endpoints(m.testSecretKey, { url: "https://shop.example.com/all", enabledEvents: ["order.paid", "*"] });
    expect(star.body.enabledEvents).toEqual(["*"]);

    const list = await call("GET", "/api/v1/webhook-endpoints?limit=1", { key: m.testSecretKey });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: any) => e.id)).toEqual([star.body.id]);
    expect(list.body.hasMore).toBe(true);
    const next = await call("GET", `/api/v1/webhook-endpoints?startingAfter=${star.body.id}`, { key: m.testSecretKey });
    expect(next.body.data.map((e: any) => e.id)).toEqual([created.body.id]);

    const patched = await call("PATCH", `/api/v1/webhook-endpoints/${created.body.id}`, {
      key: m.testSecretKey,
      body: { url: "https://erp.example.com/in", enabledEvents: ["order.closed"], disabled: true, description: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ url: "https://erp.example.com/in", enabledEvents: ["order.closed"], disabled: true, disabledReason: "merchant", description: null });
    expect(patched.body.disabledAt).toBeTruthy();
    const enabled = await call("PATCH", `/api/v1/webhook-endpoints/${created.body.id}`, { key: m.testSecretKey, body: { disabled: false } });
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null, disabledAt: null });

    const got = await call("GET", `/api/v1/webhook-endpoints/${created.body.id}`, { key: m.testSecretKey });
    expect(got.body).toEqual(enabled.body);

    const deleted = await call("DELETE", `/api/v1/webhook-endpoints/${created.body.id}`, { key: m.testSecretKey });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: created.body.id, object: "webhook_endpoint", deleted: true });
    expect((await call("GET", `/api/v1/webhook-endpoints/${created.body.id}`, { key: m.testSecretKey })).status).toBe(404);
    expect((await call("DELETE", `/api/v1/webhook-endpoints/${created.body.id}`, { key: m.testSecretKey })).status).toBe(404);
  });

  it("refuses bad input in the contract's error shape and changes nothing", async () => {
    const m = await newMerchant("Endpoints validation");
    const bad: [unknown, string][] = [
      [{ url: "ftp://shop.example.com/x", enabledEvents: ["*"] }, "url"],
      [{ url: "https://user:pw@shop.example.com/x", enabledEvents: ["*"] }, "url"],
      [{ url: "not a url", enabledEvents: ["*"] }, "url"],
      [{ url: `https://shop.example.com/${"x".repeat(2100)}`, enabledEvents: ["*"] }, "url"],
      [{ url: "https://shop.example.com/x", enabledEvents: [] }, "enabledEvents"],
      [{ url: "https://shop.example.com/x", enabledEvents: ["order.refunded"] }, "enabledEvents.0"],
      [{ url: "https://shop.example.com/x", enabledEvents: "*" }, "enabledEvents"],
      [{ url: "https://shop.example.com/x" }, "enabledEvents"],
      [{ url: "https://shop.example.com/x", enabledEvents: ["*"], secret: "mine" }, ""],
      [{ url: "https://shop.example.com/x", enabledEvents: ["*"], description: "d".repeat(513) }, "description"],
    ];
    for (const [body, param] of bad) {
      const res = await endpoints(m.testSecretKey, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.type).toBe("invalid_request");
      if (param) expect(res.body.error.param).toBe(param);
    }
    const patch = await call("PATCH", "/api/v1/webhook-endpoints/we_missing", { key: m.testSecretKey, body: { disabled: "yes" } });
    expect(patch.status).toBe(400);
    const list = await call("GET", "/api/v1/webhook-endpoints", { key: m.testSecretKey });
    expect(list.body.data).toEqual([]);
  });

  it("another merchant's endpoint, or the other mode's, is a 404; a publishable key cannot touch endpoints", async () => {
    const a = await newMerchant("Endpoints A");
    const b = await newMerchant("Endpoints B");
    const mine = await endpoints(a.testSecretKey, { url: "https://a.example.com/hooks", enabledEvents: ["*"] });
    for (const [method, body] of [["GET", undefined], ["PATCH", { disabled: true }], ["DELETE", undefined]] as const) {
      const res = await call(method, `/api/v1/webhook-endpoints/${mine.body.id}`, { key: b.testSecretKey, body });
      expect(res.status, method).toBe(404);
    }
    const live = await a.liveSecretKey();
    expect((await call("GET", `/api/v1/webhook-endpoints/${mine.body.id}`, { key: live })).status).toBe(404);
    expect((await call("GET", "/api/v1/webhook-endpoints", { key: live })).body.data).toEqual([]);
    expect((await endpoints(a.testPublishableKey, { url: "https://a.example.com/x", enabledEvents: ["*"] })).status).toBe(403);
    expect((await call("GET", `/api/v1/webhook-endpoints/${mine.body.id}`, { key: a.testSecretKey })).body.disabled).toBe(false);
  });

  it(`allows ${MAX_ENDPOINTS_PER_MODE} endpoints per mode, then answers 422 endpoint_limit_reached`, async () => {
    const m = await newMerchant("Endpoints limit");
    await Promise.all(
      Array.from({ length: MAX_ENDPOINTS_PER_MODE + 2 }, (_, i) => endpoints(m.testSecretKey, { url: `https://shop.example.com/${i}`, enabledEvents: ["*"] })),
    );
    const list = await call("GET", "/api/v1/webhook-endpoints?limit=100", { key: m.testSecretKey });
    expect(list.body.data).toHaveLength(MAX_ENDPOINTS_PER_MODE);
    const over = await endpoints(m.testSecretKey, { url: "https://shop.example.com/over", enabledEvents: ["*"] });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe("endpoint_limit_reached");
  });
});

/** Verified with the standardwebhooks package, as a merchant would; throws on a bad signature. */
const verify = (secret: string, r: { body: string; headers: Record<string, string> }): any => new Webhook(secret).verify(r.body, r.headers);

describe("fan-out", { timeout: 120_000 }, () => {
  it("each event goes to the goods' URL and to every enabled subscribed endpoint, one delivery each, one webhook-id", async () => {
    const m = await newMerchant("Fan-out shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: `${receiver.url}/goods-created` } });
    const shop: Shop = { ...m, goodsId: goods.id };
    const all = await endpoints(m.testSecretKey, { url: `${receiver.url}/all`, enabledEvents: ["*"] });
    const created = await endpoints(m.testSecretKey, { url: `${receiver.url}/created`, enabledEvents: ["order.created"] });
    const paidOnly = await endpoints(m.testSecretKey, { url: `${receiver.url}/paid-only`, enabledEvents: ["order.paid"] });
    const disabled = await endpoints(m.testSecretKey, { url: `${receiver.url}/disabled`, enabledEvents: ["*"], disabled: true });
    // Another merchant's endpoint and this merchant's live endpoint never see this test-mode event.
    const other = await newMerchant("Fan-out neighbour");
    await endpoints(other.testSecretKey, { url: `${receiver.url}/neighbour`, enabledEvents: ["*"] });
    await endpoints(await m.liveSecretKey(), { url: `${receiver.url}/live`, enabledEvents: ["*"] });

    const order = (await createOrder(shop, "wechat_h5")).body;
    const mine = () => receiver.received.filter((r) => r.body.includes(order.id));
    await waitFor(async () => mine().length >= 3);
    await sleep(500);
    const got = mine();
    expect(got.map((r) => r.path).sort()).toEqual(["/hooks/all", "/hooks/created", "/hooks/goods-created"]);
    const ids = new Set(got.map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    for (const r of got) expect(verify(m.webhookSecret, r)).toMatchObject({ type: "order.created", data: { order: { id: order.id } } });
    const bodies = new Set(got.map((r) => r.body));
    expect(bodies.size).toBe(1);

    const [eventId] = [...ids];
    const event = await call("GET", `/api/v1/events/${eventId}`, { key: m.testSecretKey });
    expect(event.body.deliveries).toHaveLength(3);
    expect(event.body.deliveries.map((d: any) => d.endpointId).sort()).toEqual([all.body.id, created.body.id, null].sort());
    expect(event.body.deliveries.every((d: any) => d.status === "succeeded")).toBe(true);
    expect(event.body.deliveries.some((d: any) => d.endpointId === paidOnly.body.id || d.endpointId === disabled.body.id)).toBe(false);
  });

  it("an endpoint created, moved, disabled, enabled or deleted between two orders changes where the next order.created goes at once", async () => {
    // A prepay takes the merchant's endpoints from a per-process cache (issue 16); every change drops it.
    const m = await newMerchant("Cached endpoints shop");
    const goods = await newGoods(m.testSecretKey, { price: 1 });
    const shop: Shop = { ...m, goodsId: goods.id };
    const targetsOfNextOrder = async () => {
      const order = (await createOrder(shop, "alipay_h5")).body;
      const created = (await eventsFor(order.id)).find((e) => e.type === "order.created")!;
      const rows = await db().select({ url: webhookDeliveries.url }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, created.id));
      return rows.map((r) => r.url.replace(receiver.url, "")).sort();
    };
    expect(await targetsOfNextOrder()).toEqual([]);
    const e = (await endpoints(m.testSecretKey, { url: `${receiver.url}/cached`, enabledEvents: ["order.created"] })).body;
    expect(await targetsOfNextOrder()).toEqual(["/cached"]);
    await call("PATCH", `/api/v1/webhook-endpoints/${e.id}`, { key: m.testSecretKey, body: { url: `${receiver.url}/moved` } });
    expect(await targetsOfNextOrder()).toEqual(["/moved"]);
    await call("PATCH", `/api/v1/webhook-endpoints/${e.id}`, { key: m.testSecretKey, body: { enabledEvents: ["order.paid"] } });
    expect(await targetsOfNextOrder()).toEqual([]);
    await call("PATCH", `/api/v1/webhook-endpoints/${e.id}`, { key: m.testSecretKey, body: { enabledEvents: ["*"], disabled: true } });
    expect(await targetsOfNextOrder()).toEqual([]);
    await call("PATCH", `/api/v1/webhook-endpoints/${e.id}`, { key: m.testSecretKey, body: { disabled: false } });
    expect(await targetsOfNextOrder()).toEqual(["/moved"]);
    expect((await call("DELETE", `/api/v1/webhook-endpoints/${e.id}`, { key: m.testSecretKey })).status).toBe(200);
    expect(await targetsOfNextOrder()).toEqual([]);
  });

  it("a paid order's order.paid goes to the goods' orderPaid URL and the endpoints as they are now, changed just before", async () => {
    // The paid transition takes its targets from the goods and endpoint caches (issue 16); every change drops them.
    const m = await newMerchant("Cached paid targets shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderPaid: `${receiver.url}/paid-a` } });
    const shop: Shop = { ...m, goodsId: goods.id };
    const paidTargets = async () => {
      const order = (await createOrder(shop, "alipay_h5")).body;
      const tradeId = await tradeIdFor(order.payParams, env.app.base);
      await openCashier(tradeId);
      await simulate(env.app.base, tradeId, "pay");
      const paid = await waitFor(async () => (await eventsFor(order.id)).find((e) => e.type === "order.paid"));
      const rows = await db().select({ url: webhookDeliveries.url }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, paid.id));
      return rows.map((r) => r.url.replace(receiver.url, "")).sort();
    };
    expect(await paidTargets()).toEqual(["/paid-a"]);
    await call("PATCH", `/api/v1/goods/${goods.id}`, { key: m.testSecretKey, body: { notifyUrls: { orderPaid: `${receiver.url}/paid-b` } } });
    const e = (await endpoints(m.testSecretKey, { url: `${receiver.url}/paid-endpoint`, enabledEvents: ["order.paid"] })).body;
    expect(await paidTargets()).toEqual(["/paid-b", "/paid-endpoint"]);
    await call("DELETE", `/api/v1/webhook-endpoints/${e.id}`, { key: m.testSecretKey });
    expect(await paidTargets()).toEqual(["/paid-b"]);
  });

  it("order.closed, which no goods URL takes, is delivered to the endpoints subscribed to it", async () => {
    const m = await newMerchant("Closed shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: `${receiver.url}/c-created`, orderPaid: `${receiver.url}/c-paid` } });
    const shop: Shop = { ...m, goodsId: goods.id };
    await endpoints(m.testSecretKey, { url: `${receiver.url}/c-closed`, enabledEvents: ["order.closed"] });
    const order = (await createOrder(shop, "alipay_h5")).body;
    const closed = await call("POST", `/api/v1/orders/${order.id}/close`, { key: m.testSecretKey });
    expect(closed.status).toBe(200);
    const r = await waitFor(async () => receiver.received.find((x) => x.path === "/hooks/c-closed" && x.body.includes(order.id)));
    expect(verify(m.webhookSecret, r)).toMatchObject({ type: "order.closed", data: { order: { id: order.id, status: "closed" } } });
    await sleep(300);
    expect(receiver.received.filter((x) => x.body.includes(order.id)).map((x) => x.path).sort()).toEqual(["/hooks/c-closed", "/hooks/c-created"]);
  });

  it("a resend reaches an endpoint added after the event; a disabled endpoint's pending retries stop", async () => {
    const m = await newMerchant("Resend shop");
    const goods = await newGoods(m.testSecretKey, { price: 1 });
    const shop: Shop = { ...m, goodsId: goods.id };
    const order = (await createOrder(shop, "wechat_h5")).body;
    const list = await call("GET", `/api/v1/events?orderId=${order.id}&type=order.created`, { key: m.testSecretKey });
    const eventId = list.body.data[0].id;
    expect(list.body.data[0].deliveries).toEqual([]);
    expect((await call("POST", `/api/v1/events/${eventId}/resend`, { key: m.testSecretKey })).body.error.code).toBe("no_notify_url");

    const late = await endpoints(m.testSecretKey, { url: `${receiver.url}/late`, enabledEvents: ["order.created"] });
    const resent = await call("POST", `/api/v1/events/${eventId}/resend`, { key: m.testSecretKey });
    expect(resent.status).toBe(200);
    expect(resent.body.deliveries).toMatchObject([{ endpointId: late.body.id, status: "succeeded", attempts: [{ trigger: "resend", statusCode: 200 }] }]);

    // A failing endpoint keeps a pending retry; disabling the endpoint stops it.
    receiver.respond = (r) => (r.path === "/hooks/flaky" ? { status: 500 } : { status: 200, body: "ok" });
    const flaky = await endpoints(m.testSecretKey, { url: `${receiver.url}/flaky`, enabledEvents: ["order.created"] });
    const second = (await createOrder(shop, "wechat_h5")).body;
    const ev = (await call("GET", `/api/v1/events?orderId=${second.id}&type=order.created`, { key: m.testSecretKey })).body.data[0];
    await waitFor(async () => {
      const res = await call("GET", `/api/v1/events/${ev.id}`, { key: m.testSecretKey });
      return res.body.deliveries.find((d: any) => d.endpointId === flaky.body.id)?.attempts.length >= 1;
    });
    await call("PATCH", `/api/v1/webhook-endpoints/${flaky.body.id}`, { key: m.testSecretKey, body: { disabled: true } });
    const after = await call("GET", `/api/v1/events/${ev.id}`, { key: m.testSecretKey });
    const d = after.body.deliveries.find((x: any) => x.endpointId === flaky.body.id);
    expect(d).toMatchObject({ status: "failed", nextAttemptAt: null });
    const count = receiver.received.filter((r) => r.path === "/hooks/flaky").length;
    await sleep(1500);
    expect(receiver.received.filter((r) => r.path === "/hooks/flaky").length).toBe(count);
    receiver.respond = () => ({ status: 200, body: "ok" });
  });
});
