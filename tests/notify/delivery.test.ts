import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, openCashier, simulate, sleep, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { receivedFor, startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { db } from "../../lib/db/client";
import { merchants } from "../../lib/db/schema";

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

async function shopWith(notifyUrls: Record<string, string>): Promise<Shop> {
  const m = await newMerchant("Notify shop");
  const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls });
  return { ...m, goodsId: goods.id };
}

/** Verified with the standardwebhooks package, as a merchant would; throws on a bad signature. */
function verify(secret: string, r: { body: string; headers: Record<string, string> }): any {
  return new Webhook(secret).verify(r.body, r.headers);
}

async function eventOf(shop: Shop, orderId: string, type: string) {
  const list = await call("GET", `/api/v1/events?orderId=${orderId}&type=${type}`, { key: shop.testSecretKey });
  expect(list.status).toBe(200);
  return list.body.data[0];
}

async function settledEvent(shop: Shop, id: string) {
  return waitFor(async () => {
    const res = await call("GET", `/api/v1/events/${id}`, { key: shop.testSecretKey });
    return res.body.deliveries.every((d: any) => d.status !== "pending") ? res.body : null;
  });
}

describe("webhook delivery", () => {
  it("a real test-mode payment sends order.created and order.paid, signed, with the order's facts", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/created`, orderPaid: `${receiver.url}/paid` });
    const created = await createOrder(shop, "alipay_h5", { attach: "cart=42" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const order = created.body;
    const tradeId = await tradeIdFor(order.payParams, env.app.base);
    await openCashier(tradeId);
    await simulate(env.app.base, tradeId, "pay");

    const mine = () => receiver.received.filter((r) => r.body.includes(order.id));
    await waitFor(async () => mine().some((r) => r.path.endsWith("/paid")) && mine().some((r) => r.path.endsWith("/created")));
    const byType = new Map(mine().map((r) => [verify(shop.webhookSecret, r).type as string, r]));
    for (const [type, path] of [["order.created", "/hooks/created"], ["order.paid", "/hooks/paid"]] as const) {
      const r = byType.get(type)!;
      expect(r.path).toBe(path);
      const payload = verify(shop.webhookSecret, r);
      expect(payload).toMatchObject({ object: "event", type, livemode: false });
      expect(payload.id).toMatch(/^evt_/);
      expect(r.headers["webhook-id"]).toBe(payload.id);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(payload.data.order).toMatchObject({ id: order.id, buyerId: "15705420001", goodsId: shop.goodsId, quantity: 1, attach: "cart=42" });
    }
    expect(verify(shop.webhookSecret, byType.get("order.paid")!).data.order.status).toBe("paid");

    // The API shows both events, each with its delivery and the one successful attempt.
    const paidEvent = await eventOf(shop, order.id, "order.paid");
    const detail = await settledEvent(shop, paidEvent.id);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]).toMatchObject({ url: `${receiver.url}/paid`, status: "succeeded", attemptCount: 1 });
    expect(detail.deliveries[0].attempts).toHaveLength(1);
    expect(detail.deliveries[0].attempts[0]).toMatchObject({ trigger: "automatic", statusCode: 200, responseExcerpt: "ok", error: null });
    expect(typeof detail.deliveries[0].attempts[0].latencyMs).toBe("number");
  });

  it("500 then 200: the same webhook-id arrives twice and both attempts are recorded", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/flaky` });
    receiver.respond = (r, n) => (r.path === "/hooks/flaky" && n === 1 ? { status: 500, body: "boom" } : { status: 200, body: "ok" });
    const order = (await createOrder(shop, "wechat_h5")).body;
    const event = await eventOf(shop, order.id, "order.created");
    await waitFor(async () => receivedFor(receiver, event.id).length >= 2);
    const twice = receivedFor(receiver, event.id);
    expect(twice.map((r) => r.headers["webhook-id"])).toEqual([event.id, event.id]);
    for (const r of twice) expect(verify(shop.webhookSecret, r).id).toBe(event.id);

    const detail = await settledEvent(shop, event.id);
    const delivery = detail.deliveries[0];
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 2, nextAttemptAt: null });
    expect(delivery.attempts.map((a: any) => [a.trigger, a.statusCode, a.responseExcerpt])).toEqual([
      ["automatic", 500, "boom"],
      ["automatic", 200, "ok"],
    ]);
    const listed = await call("GET", `/api/v1/events?deliveryStatus=succeeded&orderId=${order.id}`, { key: shop.testSecretKey });
    expect(listed.body.data.map((e: any) => e.id)).toEqual([event.id]);
  });

  it("410 Gone stops the retries for that URL", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/gone` });
    receiver.respond = (r) => (r.path === "/hooks/gone" ? { status: 410, body: "unsubscribed" } : { status: 200 });
    const order = (await createOrder(shop, "wechat_h5")).body;
    const event = await eventOf(shop, order.id, "order.created");
    const detail = await settledEvent(shop, event.id);
    expect(detail.deliveries[0]).toMatchObject({ status: "stopped", attemptCount: 1 });
    await sleep(500); // the 5 s retry, at TIME_SCALE 1000, would have come after 5 ms
    expect(receivedFor(receiver, event.id)).toHaveLength(1);
    const stopped = await call("GET", `/api/v1/events?deliveryStatus=stopped`, { key: shop.testSecretKey });
    expect(stopped.body.data.map((e: any) => e.id)).toEqual([event.id]);
  });

  it("an unanswered delivery keeps retrying on the schedule, and the attempt records the error", async () => {
    const shop = await shopWith({ orderCreated: "http://127.0.0.1:9/closed-port" });
    const order = (await createOrder(shop, "wechat_h5")).body;
    const event = await eventOf(shop, order.id, "order.created");
    const detail = await waitFor(async () => {
      const res = await call("GET", `/api/v1/events/${event.id}`, { key: shop.testSecretKey });
      return res.body.deliveries[0].attempts.length >= 2 ? res.body : null;
    });
    expect(detail.deliveries[0].status).toBe("pending");
    expect(detail.deliveries[0].nextAttemptAt).toBeTruthy();
    expect(detail.deliveries[0].attempts[0]).toMatchObject({ statusCode: null, responseExcerpt: null });
    expect(detail.deliveries[0].attempts[0].error).toMatch(/ECONNREFUSED/);
  });

  it("order.closed is recorded and listed but sent nowhere (goods have no URL for it)", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/c`, orderPaid: `${receiver.url}/p` });
    const order = (await createOrder(shop, "wechat_h5")).body;
    const closed = await call("POST", `/api/v1/orders/${order.id}/close`, { key: shop.testSecretKey });
    expect(closed.status).toBe(200);
    const event = await eventOf(shop, order.id, "order.closed");
    expect(event).toMatchObject({ type: "order.closed", deliveries: [] });
    expect(event.data.order.status).toBe("closed");
    const resend = await call("POST", `/api/v1/events/${event.id}/resend`, { key: shop.testSecretKey });
    expect(resend.status).toBe(409);
    expect(resend.body.error.code).toBe("no_notify_url");
    await sleep(200);
    expect(receivedFor(receiver, event.id)).toHaveLength(0);
  });

  it("resend makes a new, recorded attempt now; another merchant cannot see or resend the event", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/resend` });
    receiver.respond = () => ({ status: 200, body: "ok" });
    const order = (await createOrder(shop, "wechat_h5")).body;
    const event = await eventOf(shop, order.id, "order.created");
    await settledEvent(shop, event.id);
    const before = receivedFor(receiver, event.id).length;

    const res = await call("POST", `/api/v1/events/${event.id}/resend`, { key: shop.testSecretKey });
    expect(res.status).toBe(200);
    const attempts = res.body.deliveries[0].attempts;
    expect(attempts.map((a: any) => [a.trigger, a.statusCode])).toEqual([
      ["automatic", 200],
      ["resend", 200],
    ]);
    expect(res.body.deliveries[0]).toMatchObject({ status: "succeeded", attemptCount: 1 });
    const got = receivedFor(receiver, event.id);
    expect(got).toHaveLength(before + 1);
    expect(verify(shop.webhookSecret, got.at(-1)!).id).toBe(event.id);

    const other = await newMerchant("Someone else");
    expect((await call("GET", `/api/v1/events/${event.id}`, { key: other.testSecretKey })).status).toBe(404);
    expect((await call("POST", `/api/v1/events/${event.id}/resend`, { key: other.testSecretKey })).status).toBe(404);
    expect((await call("GET", `/api/v1/events`, { key: shop.testPublishableKey })).status).toBe(403);
  });

  it("rotation: the new secret is returned once; for 24 h both secrets sign, then only the new one", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/rotate` });
    receiver.respond = () => ({ status: 200, body: "ok" });
    const rotated = await call("POST", "/api/v1/webhook-secret/rotate", { key: shop.testSecretKey });
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(newSecret).not.toBe(shop.webhookSecret);
    const graceHours = (Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()) / 3600_000;
    expect(graceHours).toBeGreaterThan(23.9);
    expect(graceHours).toBeLessThanOrEqual(24);
    expect(JSON.stringify(rotated.body)).not.toContain(shop.webhookSecret);

    const during = (await createOrder(shop, "wechat_h5")).body;
    const e1 = await eventOf(shop, during.id, "order.created");
    const [r1] = await waitFor(async () => (receivedFor(receiver, e1.id).length ? receivedFor(receiver, e1.id) : null));
    expect(r1!.headers["webhook-signature"]!.split(" ").filter((s) => s.startsWith("v1,"))).toHaveLength(2);
    expect(verify(shop.webhookSecret, r1!).id).toBe(e1.id);
    expect(verify(newSecret, r1!).id).toBe(e1.id);
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, r1!)).toThrow();

    // 24 h later (moved by hand): the old secret no longer signs.
    await db().update(merchants).set({ previousWebhookSecretExpiresAt: new Date(Date.now() - 1000) }).where(eq(merchants.id, shop.merchantId));
    const after = (await createOrder(shop, "wechat_h5")).body;
    const e2 = await eventOf(shop, after.id, "order.created");
    const [r2] = await waitFor(async () => (receivedFor(receiver, e2.id).length ? receivedFor(receiver, e2.id) : null));
    expect(r2!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verify(newSecret, r2!).id).toBe(e2.id);
    expect(() => verify(shop.webhookSecret, r2!)).toThrow();
  });

  it("lists events newest first with filters and cursor pagination", async () => {
    const shop = await shopWith({ orderCreated: `${receiver.url}/list` });
    const a = (await createOrder(shop, "wechat_h5")).body;
    const b = (await createOrder(shop, "wechat_h5")).body;
    const page1 = await call("GET", "/api/v1/events?type=order.created&limit=1", { key: shop.testSecretKey });
    expect(page1.body).toMatchObject({ object: "list", hasMore: true });
    expect(page1.body.data[0].data.order.id).toBe(b.id);
    const page2 = await call("GET", `/api/v1/events?type=order.created&limit=1&startingAfter=${page1.body.data[0].id}`, { key: shop.testSecretKey });
    expect(page2.body).toMatchObject({ hasMore: false });
    expect(page2.body.data[0].data.order.id).toBe(a.id);
    expect((await call("GET", "/api/v1/events?type=order.refunded", { key: shop.testSecretKey })).status).toBe(400);
    expect((await call("GET", "/api/v1/events?deliveryStatus=lost", { key: shop.testSecretKey })).status).toBe(400);
  });
});
