/**
 * Webhook load for the fairness test and `npm run bench:notify`: a merchant whose goods send
 * `order.created` to a given URL, events committed through the outbox (withEvents, as the API's
 * state changes do), and receivers that count the requests they hold open.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "../../lib/db/client";
import { goods, orders } from "../../lib/db/schema";
import { createMerchant } from "../../lib/merchants/merchants";
import { withEvents } from "../../lib/events/outbox";
import { newId } from "../../lib/ids";

export type LoadShop = { merchantId: string; livemode: boolean; orderId: string; data: Record<string, unknown> };

/** A merchant (live or test goods) whose order.created notifications go to `url`; `merchantId` adds goods to an existing one. */
export async function loadShop(name: string, livemode: boolean, url: string, merchantId?: string): Promise<LoadShop> {
  const m = merchantId
    ? { merchantId }
    : await createMerchant({ email: `load-${randomBytes(6).toString("hex")}@example.com`, password: "a long enough passphrase", name });
  const now = new Date();
  const goodsId = newId("goods");
  await db().insert(goods).values({ id: goodsId, merchantId: m.merchantId, livemode, name, priceFen: 1, notifyOrderCreatedUrl: url, createdAt: now, updatedAt: now });
  const orderId = newId("ord");
  const order = { id: orderId, merchantId: m.merchantId, livemode, goodsId, quantity: 1, unitPriceFen: 1, amountFen: 1, currency: "CNY", channel: "alipay_h5", buyerId: "15705420001", attach: "load", status: "pending" as const, createdAt: now, expiresAt: new Date(now.getTime() + 1800_000) };
  await db().insert(orders).values(order);
  return { merchantId: m.merchantId, livemode, orderId, data: { order: { ...order, object: "order", amount: 1, createdAt: now.toISOString(), expiresAt: order.expiresAt.toISOString() } } };
}

/**
 * Commits `n` order.created events of the shop (one transaction) and hands them over, as the API's
 * state changes do; answers their ids and when the call began (so a latency measured from it
 * includes the commit and the hand-over: never flattering).
 */
export async function emit(shop: LoadShop, n = 1): Promise<{ ids: string[]; startedAt: number }> {
  const startedAt = Date.now();
  const ids = await withEvents(async (_tx, record) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await record({ merchantId: shop.merchantId, livemode: shop.livemode, type: "order.created", orderId: shop.orderId, data: shop.data }));
    return out;
  });
  return { ids, startedAt };
}

export type CountingReceiver = {
  url: string;
  /** webhook-id → first receipt (ms since the epoch). */
  received: Map<string, number>;
  /** Requests received, repeats included. */
  requests: number;
  /** Requests held open right now, and the most at any moment. */
  open: number;
  maxOpen: number;
  close(): Promise<void>;
};

/** A receiver answering 200 after `delayMs`, counting how many requests it holds open at once. */
export async function countingReceiver(delayMs: number): Promise<CountingReceiver> {
  const r: CountingReceiver = { url: "", received: new Map(), requests: 0, open: 0, maxOpen: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    r.open++;
    r.maxOpen = Math.max(r.maxOpen, r.open);
    r.requests++;
    req.resume();
    req.on("end", () => {
      const id = req.headers["webhook-id"];
      if (typeof id === "string" && !r.received.has(id)) r.received.set(id, Date.now());
      const answer = () => res.writeHead(200).end("ok");
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
    res.on("close", () => r.open--);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}
