/**
 * POST /api/v1/events/resend { status: "failed", since }: failed deliveries are sent again, once each
 * however many calls race, bounded per call, scoped to the owner and mode, never to a disabled
 * endpoint. The retry schedule runs in TIME_SCALE time so deliveries fail for good within a second.
 */
process.env.TIME_SCALE = "100000";

import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, sleep, paymentsEnvWithReceiver, waitFor, type Shop } from "../helpers/payments";

const ctx = paymentsEnvWithReceiver();

async function failedShop(name: string, path: string, orders: number) {
  const m = await newMerchant(name);
  const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: `${ctx.receiver.url}/${path}` } });
  const shop: Shop = { ...m, goodsId: goods.id };
  for (let i = 0; i < orders; i++) await createOrder(shop, "wechat_h5");
  await waitFor(async () => {
    const res = await call("GET", "/api/v1/events?deliveryStatus=failed&limit=100", { key: m.testSecretKey });
    return res.body.data.length === orders;
  }, 20_000);
  return shop;
}

const hits = (path: string) => ctx.receiver.received.filter((r) => r.path === `/hooks/${path}`);

describe("bulk resend", { timeout: 120_000 }, () => {
  it("resends every failed delivery once, even when calls race while the first still runs", async () => {
    let down = true;
    ctx.receiver.respond = (r) => (down && r.path.startsWith("/hooks/b-") ? { status: 500, body: "down" } : { status: 200, body: "ok", delayMs: r.path.startsWith("/hooks/b-") ? 600 : 0 });
    const since = new Date(Date.now() - 1000).toISOString();
    const shop = await failedShop("Bulk shop", "b-mine", 4);
    const neighbour = await failedShop("Bulk neighbour", "b-other", 1);
    const before = hits("b-mine").length;
    const beforeOther = hits("b-other").length;
    down = false;

    // Three calls at once, then a fourth while the ctx.receiver is still answering (600 ms each).
    const calls = await Promise.all([1, 2, 3].map(() => call("POST", "/api/v1/events/resend", { key: shop.testSecretKey, body: { status: "failed", since } })));
    for (const c of calls) expect(c.status, JSON.stringify(c.body)).toBe(202);
    expect(calls.map((c) => c.body.requeued).reduce((a, b) => a + b, 0)).toBe(4);
    const fourth = await call("POST", "/api/v1/events/resend", { key: shop.testSecretKey, body: { status: "failed", since } });
    expect(fourth.body).toMatchObject({ object: "event_resend", requeued: 0, hasMore: false });

    await waitFor(async () => {
      const res = await call("GET", "/api/v1/events?deliveryStatus=succeeded&limit=100", { key: shop.testSecretKey });
      return res.body.data.length === 4;
    });
    await sleep(1500);
    const resent = hits("b-mine").slice(before);
    expect(resent).toHaveLength(4);
    expect(new Set(resent.map((r) => r.headers["webhook-id"])).size).toBe(4);
    // The other merchant's failures were not touched.
    expect(hits("b-other").length).toBe(beforeOther);
    const other = await call("GET", "/api/v1/events?deliveryStatus=failed", { key: neighbour.testSecretKey });
    expect(other.body.data).toHaveLength(1);
  }, 90_000);

  it("is bounded per call (limit, hasMore), honours since, and leaves a disabled endpoint's deliveries failed", async () => {
    ctx.receiver.respond = (r) => (r.path.startsWith("/hooks/c-") ? { status: 500, body: "down" } : { status: 200, body: "ok" });
    const shop = await failedShop("Bulk bounded", "c-goods", 3);
    const sinceLater = new Date(Date.now() + 60_000).toISOString();
    const none = await call("POST", "/api/v1/events/resend", { key: shop.testSecretKey, body: { status: "failed", since: sinceLater } });
    expect(none.body).toMatchObject({ requeued: 0, hasMore: false });

    const since = new Date(Date.now() - 600_000).toISOString();
    const first = await call("POST", "/api/v1/events/resend", { key: shop.testSecretKey, body: { status: "failed", since, limit: 2 } });
    expect(first.body).toMatchObject({ requeued: 2, hasMore: true });

    // An endpoint that failed and was then disabled: its failed delivery is not resent.
    const endpoint = (await call("POST", "/api/v1/webhook-endpoints", { key: shop.testSecretKey, body: { url: `${ctx.receiver.url}/c-endpoint`, enabledEvents: ["order.created"] } })).body;
    await createOrder(shop, "wechat_h5");
    await waitFor(async () => hits("c-endpoint").length > 0);
    await call("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, { key: shop.testSecretKey, body: { disabled: true } });
    await waitFor(async () => {
      const res = await call("GET", "/api/v1/events?deliveryStatus=pending&limit=100", { key: shop.testSecretKey });
      return res.body.data.length === 0;
    }, 20_000);
    const endpointHits = hits("c-endpoint").length;
    const rest = await call("POST", "/api/v1/events/resend", { key: shop.testSecretKey, body: { status: "failed", since } });
    // The four goods deliveries (the three, one of which failed again, plus the new order's), none of the endpoint's.
    expect(rest.body.hasMore).toBe(false);
    expect(rest.body.requeued).toBeGreaterThanOrEqual(2);
    await sleep(1500);
    expect(hits("c-endpoint").length).toBe(endpointHits);
  }, 90_000);

  it("refuses bad input with the contract's error and changes nothing", async () => {
    const m = await newMerchant("Bulk validation");
    for (const body of [
      {},
      { status: "pending", since: "2026-01-01T00:00:00Z" },
      { status: "failed" },
      { status: "failed", since: "garbage" },
      { status: "failed", since: "2030-02-30T00:00:00Z" },
      { status: "failed", since: "2026-01-01T00:00:00Z", limit: 0 },
      { status: "failed", since: "2026-01-01T00:00:00Z", limit: 5000 },
      { status: "failed", since: "2026-01-01T00:00:00Z", extra: 1 },
    ]) {
      const res = await call("POST", "/api/v1/events/resend", { key: m.testSecretKey, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.type).toBe("invalid_request");
    }
    expect((await call("POST", "/api/v1/events/resend", { key: m.testPublishableKey, body: { status: "failed", since: "2026-01-01T00:00:00Z" } })).status).toBe(403);
  });
});
