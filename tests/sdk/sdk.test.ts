/**
 * The TypeScript SDK (sdk/) against the real app over HTTP: real MariaDB and Redis, a real order
 * paid through the sandbox, a real signed webhook verified with payrelay.webhooks.verify.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Payrelay, PayrelayConnectionError, PayrelayError, PayrelayWebhookVerificationError, backoffMs, retryAfterMs, type Event, type Order } from "../../sdk/src/index";
import { newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { closedPortBase } from "../channels/helpers";

let env: Env;
let shop: Shop;
let receiver: Receiver;
let payrelay: Payrelay;

beforeAll(async () => {
  env = await startPaymentsEnv();
  receiver = await startReceiver();
  shop = await newShop(100);
  payrelay = new Payrelay(shop.testSecretKey, { baseUrl: env.app.base });
});
afterAll(async () => {
  await receiver.close();
  await stopPaymentsEnv(env);
});

/** Counts the requests a client sends, and can drop the answer of chosen attempts after the server handled them. */
function countingFetch(dropAnswerOf: number[] = []) {
  const sent: { method: string; url: string; idempotencyKey: string | null }[] = [];
  const impl: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    sent.push({ method: init?.method ?? "GET", url: String(input), idempotencyKey: headers.get("idempotency-key") });
    const res = await fetch(input, init);
    if (dropAnswerOf.includes(sent.length)) {
      await res.text();
      throw new TypeError("fetch failed: socket hang up");
    }
    return res;
  };
  return { sent, impl };
}

describe("Payrelay SDK against the running app", () => {
  it("sells: goods, an order from the publishable key paid in the sandbox, its signed webhook verified", async () => {
    const goods = await payrelay.goods.create({ name: "Monthly plan", price: 1990, notifyUrls: { orderPaid: receiver.url } });
    expect(goods).toMatchObject({ object: "goods", price: 1990, livemode: false });
    expect((await payrelay.goods.update(goods.id, { price: 2990 })).price).toBe(2990);
    expect((await payrelay.goods.retrieve(goods.id)).price).toBe(2990);
    expect((await payrelay.goods.list({ active: "true" })).data.map((g) => g.id)).toContain(goods.id);

    const browser = new Payrelay(shop.testPublishableKey, { baseUrl: env.app.base });
    const order: Order = await browser.orders.create({ goodsId: goods.id, quantity: 2, channel: "alipay_h5", buyerId: "15705420001", attach: "xxxxxx" });
    expect(order).toMatchObject({ object: "order", status: "pending", amount: 5980, attach: "xxxxxx" });
    expect(order.payParams?.payUrl).toBeDefined();

    const trade = await tradeIdFor(order.payParams!, env.app.base);
    await openCashier(trade);
    await simulate(env.app.base, trade, "pay");
    const paid = await waitFor(async () => {
      const o = await browser.orders.retrieve(order.id);
      return o.status === "paid" ? o : null;
    });
    expect(paid.paidAt).not.toBeNull();
    expect((await payrelay.orders.list({ status: "paid", goodsId: goods.id })).data.map((o) => o.id)).toEqual([order.id]);

    const hook = await waitFor(async () => receiver.received.find((r) => r.body.includes(order.id) && r.body.includes('"order.paid"')));
    const event: Event = payrelay.webhooks.verify(hook.body, hook.headers, shop.webhookSecret);
    expect(event.type).toBe("order.paid");
    if (event.type === "order.paid") expect(event.data.order).toMatchObject({ id: order.id, status: "paid", buyerId: "15705420001", attach: "xxxxxx" });
    // The same check on a web Headers object, and failures on a tampered body, a wrong secret, an old message.
    expect(payrelay.webhooks.verify(new TextEncoder().encode(hook.body), new Headers(hook.headers), shop.webhookSecret).id).toBe(hook.id);
    expect(() => payrelay.webhooks.verify(hook.body.replace('"amount":5980', '"amount":1'), hook.headers, shop.webhookSecret)).toThrow(PayrelayWebhookVerificationError);
    expect(() => payrelay.webhooks.verify(hook.body, hook.headers, `whsec_${Buffer.alloc(32, 1).toString("base64")}`)).toThrow(PayrelayWebhookVerificationError);
    expect(() => payrelay.webhooks.verify(hook.body, { ...hook.headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) }, shop.webhookSecret)).toThrow(
      PayrelayWebhookVerificationError,
    );

    const events = await payrelay.events.list({ orderId: order.id });
    expect(events.data.map((e) => e.type).sort()).toEqual(["order.created", "order.paid"]);
    const paidEvent = events.data.find((e) => e.type === "order.paid")!;
    expect((await payrelay.events.retrieve(paidEvent.id)).deliveries[0]?.status).toBe("succeeded");
    const resent = await payrelay.events.resend(paidEvent.id);
    expect(resent.deliveries[0]?.attempts?.map((a) => a.trigger)).toContain("resend");

    // Closing a paid order: a typed error that carries the order.
    const closing = await payrelay.orders.close(order.id).catch((e: unknown) => e);
    expect(closing).toBeInstanceOf(PayrelayError);
    expect(closing).toMatchObject({ type: "conflict", code: "order_already_paid", status: 409 });
    expect((closing as PayrelayError).order?.status).toBe("paid");
  });

  it("covers checkout sessions, channel accounts, pagination and the secret rotation", async () => {
    const session = await payrelay.checkoutSessions.create({ goodsId: shop.goodsId, quantity: 1, buyerId: "b", successUrl: "https://shop.example.com/ok" });
    expect(session.url).toBe(`${env.app.base}/checkout/${session.id}`);
    expect((await payrelay.checkoutSessions.retrieve(session.id)).status).toBe("open");
    expect((await payrelay.channelAccounts.list()).data.map((a) => a.provider).sort()).toEqual(["alipay", "wechatpay"]);

    for (let i = 0; i < 3; i++) await payrelay.orders.create({ goodsId: shop.goodsId, quantity: 1, channel: "wechat_h5", buyerId: "pager", clientIp: "203.0.113.7" });
    const seen: string[] = [];
    for await (const o of payrelay.orders.iterate({ buyerId: "pager", limit: 2 })) seen.push(o.id);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const closed = await payrelay.orders.close(seen[0]!);
    expect(closed.status).toBe("closed");

    const rotated = await payrelay.webhookSecret.rotate();
    expect(rotated.secret).toMatch(/^whsec_/);

    expect(await payrelay.redirectDomains.set({ domains: ["Shop.Example.com", "*.cdn.example.com"] })).toEqual({ object: "redirect_domains", domains: ["shop.example.com", "*.cdn.example.com"] });
    expect((await payrelay.redirectDomains.retrieve()).domains).toEqual(["shop.example.com", "*.cdn.example.com"]);
  });

  it("throws typed errors with the API's type, code, status and param", async () => {
    const invalid = await payrelay.goods.create({ name: "x", price: 1.5 }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ type: "invalid_request", code: "parameter_invalid", status: 400, param: "price" });
    expect((invalid as PayrelayError).requestId).toMatch(/^req_/);
    await expect(payrelay.orders.retrieve("ord_missing")).rejects.toMatchObject({ type: "not_found", status: 404, code: "resource_missing" });
    const browser = new Payrelay(shop.testPublishableKey, { baseUrl: env.app.base });
    await expect(browser.orders.list()).rejects.toMatchObject({ type: "permission", code: "secret_key_required", status: 403 });
    const revoked = new Payrelay(`sk_test_${"0".repeat(32)}`, { baseUrl: env.app.base });
    await expect(revoked.goods.list()).rejects.toMatchObject({ type: "authentication", code: "invalid_api_key", status: 401 });
    expect(() => new Payrelay("not-a-key")).toThrow(TypeError);
  });
});

describe("Payrelay SDK retries", () => {
  it("retries a POST whose answer was lost with the same Idempotency-Key, so it happens once", async () => {
    const { sent, impl } = countingFetch([1]);
    const client = new Payrelay(shop.testSecretKey, { baseUrl: env.app.base, fetch: impl });
    const name = `once-${Date.now()}`;
    const goods = await client.goods.create({ name, price: 7 });
    expect(sent).toHaveLength(2);
    expect(sent[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.idempotencyKey).toBe(sent[0]!.idempotencyKey);
    const all = await payrelay.goods.list({ limit: 100 });
    expect(all.data.filter((g) => g.name === name).map((g) => g.id)).toEqual([goods.id]);
    // The next logical call gets a key of its own; GETs carry none.
    await client.goods.create({ name: `${name}-2`, price: 7 });
    expect(sent[2]!.idempotencyKey).not.toBe(sent[0]!.idempotencyKey);
    await client.goods.retrieve(goods.id);
    expect(sent[3]!.idempotencyKey).toBeNull();
  });

  it("honours Retry-After on 429, then succeeds", async () => {
    let answered429 = 0;
    // In front of the app: the first request gets 429 with Retry-After: 1, the rest go through.
    const proxy: Server = createServer((req, res) => {
      if (answered429 === 0) {
        answered429++;
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ error: { type: "rate_limited", code: "rate_limited", message: "Too many requests." } }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const upstream = await fetch(env.app.base + req.url, {
          method: req.method,
          headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length") as [string, string][]),
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const client = new Payrelay(shop.testSecretKey, { baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      const started = Date.now();
      const goods = await client.goods.create({ name: "after 429", price: 3 });
      expect(goods.name).toBe("after 429");
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(answered429).toBe(1);

      answered429 = 0;
      const impatient = new Payrelay(shop.testSecretKey, { baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, maxRetries: 0 });
      await expect(impatient.goods.list()).rejects.toMatchObject({ type: "rate_limited", status: 429 });
    } finally {
      proxy.close();
    }
  });

  it("retries network errors with back-off, then throws a connection error", async () => {
    const { sent, impl } = countingFetch();
    const client = new Payrelay(shop.testSecretKey, { baseUrl: await closedPortBase(), fetch: impl, maxRetries: 2 });
    const started = Date.now();
    const error = await client.orders.create({ goodsId: shop.goodsId, quantity: 1, channel: "alipay_h5", buyerId: "b" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayrelayConnectionError);
    expect(error).toMatchObject({ type: "connection", status: 0 });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.idempotencyKey)).size).toBe(1);
    // Two back-offs: at least 0.25 s + 0.5 s with the jitter at its lowest.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it("backs off exponentially with jitter and reads Retry-After both ways", () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffMs(n, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect([0, 1, 2].map((n) => backoffMs(n, () => 0))).toEqual([250, 500, 1000]);
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 2000).toUTCString(), Date.now())).toBeGreaterThan(900);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
