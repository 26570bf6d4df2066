/**
 * Keeps the document's response schemas honest: every answer of a real flow (sandbox payment,
 * webhook delivery, close, resend, live credentials, errors) is parsed with the schema the document
 * gives for it, and every documented operation's success answer is parsed at least once.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import type { z } from "zod";
import { call, type ApiResponse } from "../helpers/api";
import { startPaymentsEnv, stopPaymentsEnv, newShop, tradeIdFor, openCashier, simulate, waitFor, type Env, type Shop } from "../helpers/payments";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { API_OPERATIONS, errorSchema } from "../../lib/openapi/document";
import { eventSchemas, eventSchema, type EventTypeName } from "../../lib/events/schemas";
import { goodsSchema } from "../../lib/goods/schemas";
import { orderSchema } from "../../lib/orders/schemas";
import { checkoutSessionSchema } from "../../lib/checkout/schemas";
import { channelAccountSchema } from "../../lib/channel-accounts/schemas";
import { rotatedWebhookSecretSchema } from "../../lib/merchants/schemas";
import { webhookEndpointSchema } from "../../lib/webhook-endpoints/schemas";
import type { EndpointView } from "../../lib/webhook-endpoints/endpoints";
import { refundSchema } from "../../lib/refunds/schemas";
import type { RefundView } from "../../lib/refunds/view";
import type { GoodsView } from "../../lib/goods/goods";
import type { OrderView } from "../../lib/orders/view";
import type { CheckoutSessionView } from "../../lib/checkout/sessions";
import type { EventView } from "../../lib/events/view";
import type { ChannelAccountView } from "../../lib/channel-accounts/channel-accounts";
import type { RotatedSecret } from "../../lib/merchants/webhook-secret";

const parsedOk = new Set<string>();

/** The operation a request path falls under, by its template. */
function operationFor(method: string, pathname: string) {
  return API_OPERATIONS.find(
    (op) => op.method === method && new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+").replace(/\./g, "\\.")}$`).test(pathname),
  );
}

/** Calls the API and parses the answer with the document's schema for it (success or error). */
async function documented(method: string, pathAndQuery: string, opts: Parameters<typeof call>[2] = {}): Promise<ApiResponse> {
  const res = await call(method, pathAndQuery, opts);
  const op = operationFor(method, pathAndQuery.split("?")[0]!);
  expect(op, `${method} ${pathAndQuery} is not in the document`).toBeDefined();
  if (res.status < 300) {
    expect(res.status).toBe(op!.status ?? 200);
    const parsed = op!.response.safeParse(res.body);
    expect(parsed.error?.issues ?? [], `${method} ${pathAndQuery}`).toEqual([]);
    parsedOk.add(`${op!.method} ${op!.path}`);
  } else {
    const parsed = errorSchema.safeParse(res.body);
    expect(parsed.error?.issues ?? [], `${method} ${pathAndQuery} error ${res.status}`).toEqual([]);
  }
  return res;
}

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

let env: Env;
let shop: Shop;
let receiver: Receiver;
beforeAll(async () => {
  env = await startPaymentsEnv();
  receiver = await startReceiver();
  shop = await newShop(250);
});
afterAll(async () => {
  await receiver.close();
  await stopPaymentsEnv(env);
});

describe("response schemas against real answers", () => {
  it("parse goods, orders, a sandbox payment, its webhook, events, resend and close", async () => {
    const key = shop.testSecretKey;
    const goods = await documented("POST", "/api/v1/goods", { key, body: { name: "Plan", price: 990, notifyUrls: { orderCreated: receiver.url, orderPaid: receiver.url } } });
    await documented("GET", "/api/v1/goods?limit=5&active=true", { key });
    await documented("GET", `/api/v1/goods/${goods.body.id}`, { key });
    await documented("PATCH", `/api/v1/goods/${goods.body.id}`, { key, body: { description: "monthly" } });

    const order = await documented("POST", "/api/v1/orders", {
      key: shop.testPublishableKey,
      body: { goodsId: goods.body.id, quantity: 2, channel: "alipay_h5", buyerId: "15705420001", attach: "x" },
    });
    const jsapi = await documented("POST", "/api/v1/orders", {
      key,
      body: { goodsId: goods.body.id, quantity: 1, channel: "wechat_jsapi", buyerId: "b", openId: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
    });
    expect(Object.keys(jsapi.body.payParams).sort()).toEqual(["appId", "nonceStr", "package", "paySign", "signType", "timeStamp"]);

    const trade = await tradeIdFor(order.body.payParams, env.app.base);
    await openCashier(trade);
    await simulate(env.app.base, trade, "pay");
    await waitFor(async () => (await call("GET", `/api/v1/orders/${order.body.id}`, { key })).body.status === "paid");
    await documented("GET", `/api/v1/orders/${order.body.id}`, { key: shop.testPublishableKey });
    await documented("GET", "/api/v1/orders?status=paid", { key });

    // The webhook body is the event schema of its type, byte for byte what the events API shows.
    const paidWebhook = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.body).type === "order.paid"));
    const webhookBody = JSON.parse(paidWebhook.body) as { type: EventTypeName };
    expect(eventSchemas[webhookBody.type].safeParse(webhookBody).error?.issues ?? []).toEqual([]);
    expect(eventSchema.parse(webhookBody)).toMatchObject({ type: "order.paid", data: { order: { id: order.body.id, status: "paid" } } });

    const events = await documented("GET", `/api/v1/events?orderId=${order.body.id}`, { key });
    await documented("GET", `/api/v1/events/${events.body.data[0].id}`, { key });
    await documented("POST", `/api/v1/events/${events.body.data[0].id}/resend`, { key });

    await documented("POST", `/api/v1/orders/${jsapi.body.id}/close`, { key });
    const closedAgain = await documented("POST", `/api/v1/orders/${order.body.id}/close`, { key });
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body.error.order.status).toBe("paid");

    // Refunds: create (Alipay answers at once), read, list; the refund event parses with its schema.
    const refund = await documented("POST", "/api/v1/refunds", { key, body: { orderId: order.body.id, amount: 100, reason: "r" } });
    expect(refund.status).toBe(201);
    await documented("GET", `/api/v1/refunds/${refund.body.id}`, { key });
    await documented("GET", `/api/v1/refunds?orderId=${order.body.id}`, { key });
    expect((await documented("POST", "/api/v1/refunds", { key, body: { orderId: jsapi.body.id } })).status).toBe(409);
    const refundEvents = await documented("GET", `/api/v1/events?orderId=${order.body.id}&type=refund.succeeded`, { key });
    expect(refundEvents.body.data).toHaveLength(1);
    expect(refundEvents.body.data[0].data).toMatchObject({ refund: { id: refund.body.id, status: "succeeded" }, order: { amountRefunded: 100 } });
  });

  it("parse checkout sessions, channel accounts (test and live), the secret rotation, webhook endpoints, payment links and the document", async () => {
    const key = shop.testSecretKey;
    const domains = await documented("PUT", "/api/v1/redirect-domains", { key, body: { domains: ["shop.example.com"] } });
    expect(domains.body.domains).toEqual(["shop.example.com"]);
    await documented("GET", "/api/v1/redirect-domains", { key });
    const cs = await documented("POST", "/api/v1/checkout-sessions", {
      key: shop.testPublishableKey,
      body: { goodsId: shop.goodsId, quantity: 1, buyerId: "b", successUrl: "https://shop.example.com/ok" },
    });
    await documented("GET", `/api/v1/checkout-sessions/${cs.body.id}`, { key: shop.testPublishableKey });
    const accounts = await documented("GET", "/api/v1/channel-accounts", { key });
    expect(accounts.body.data.map((a: { provider: string }) => a.provider).sort()).toEqual(["alipay", "wechatpay"]);

    const live = await shop.liveSecretKey();
    const app = rsa();
    await documented("PUT", "/api/v1/channel-accounts/alipay", { key: live, body: { appId: "2021000000000001", privateKey: app.privateKey, alipayPublicKey: rsa().publicKey } });
    await documented("PUT", "/api/v1/channel-accounts/wechatpay", {
      key: live,
      body: {
        appId: "wx1234567890abcdef",
        mchId: "1900000001",
        serialNo: "3775B6A45ACD588826D15E583A95F5DD12345678",
        privateKey: rsa().privateKey,
        apiV3Key: "0123456789abcdefghijABCDEFGHIJ_-",
        platformPublicKey: rsa().publicKey,
        platformPublicKeyId: "PUB_KEY_ID_0114232134912410000000000000",
        appSecret: "0123456789abcdef0123456789abcdef",
      },
    });
    await documented("GET", "/api/v1/channel-accounts", { key: live });
    await documented("POST", "/api/v1/webhook-secret/rotate", { key });
    const endpoint = await documented("POST", "/api/v1/webhook-endpoints", { key, body: { url: "https://hooks.example.com/in", enabledEvents: ["order.paid"], description: "ERP" } });
    await documented("GET", "/api/v1/webhook-endpoints", { key });
    await documented("GET", `/api/v1/webhook-endpoints/${endpoint.body.id}`, { key });
    await documented("PATCH", `/api/v1/webhook-endpoints/${endpoint.body.id}`, { key, body: { disabled: true } });
    await documented("DELETE", `/api/v1/webhook-endpoints/${endpoint.body.id}`, { key });
    const link = await documented("POST", "/api/v1/payment-links", { key, body: { goodsId: shop.goodsId, quantity: 2, successUrl: "https://shop.example.com/ok" } });
    await documented("GET", "/api/v1/payment-links", { key });
    await documented("GET", `/api/v1/payment-links/${link.body.id}`, { key });
    await documented("PATCH", `/api/v1/payment-links/${link.body.id}`, { key, body: { active: false, successUrl: null } });
    await documented("POST", "/api/v1/events/resend", { key, body: { status: "failed", since: "2026-01-01T00:00:00Z" } });
    await documented("GET", "/api/v1/openapi.json");
  });

  it("parse the errors of every kind with the error schema", async () => {
    const key = shop.testSecretKey;
    expect((await documented("GET", "/api/v1/orders")).status).toBe(401);
    expect((await documented("GET", "/api/v1/orders", { key: shop.testPublishableKey })).status).toBe(403);
    expect((await documented("GET", "/api/v1/orders/ord_nope", { key })).status).toBe(404);
    expect((await documented("POST", "/api/v1/goods", { key, body: { price: 1 } })).status).toBe(400);
    expect((await documented("GET", "/api/v1/goods?active=maybe", { key })).body.error.param).toBe("active");
    expect((await documented("PUT", "/api/v1/channel-accounts/alipay", { key, body: {} })).status).toBe(400);
  });

  it("parsed a success answer of every documented operation", () => {
    expect(API_OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((k) => !parsedOk.has(k))).toEqual([]);
  });
});

describe("response schemas against the view types", () => {
  it("type every field the views return", () => {
    // Compile-time: a view that gains a field its schema lacks fails `npm run typecheck` here.
    expectTypeOf<z.infer<typeof goodsSchema>>().toExtend<GoodsView>();
    expectTypeOf<z.infer<typeof orderSchema>>().toExtend<OrderView>();
    expectTypeOf<z.infer<typeof checkoutSessionSchema>>().toExtend<CheckoutSessionView>();
    expectTypeOf<z.infer<typeof eventSchema>>().toExtend<EventView>();
    expectTypeOf<z.infer<typeof channelAccountSchema>>().toExtend<ChannelAccountView>();
    expectTypeOf<z.infer<typeof rotatedWebhookSecretSchema>>().toExtend<RotatedSecret>();
    expectTypeOf<z.infer<typeof webhookEndpointSchema>>().toExtend<EndpointView>();
    expectTypeOf<z.infer<typeof refundSchema>>().toExtend<RefundView>();
  });
});
