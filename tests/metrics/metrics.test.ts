import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { call } from "../helpers/api";
import { startPaymentsEnv, stopPaymentsEnv, newShop, createOrder, tradeIdFor, openCashier, simulate, waitFor, type Env, type Shop } from "../helpers/payments";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { labelValues, sample } from "../helpers/prometheus";
import { resetConfigForTests } from "../../lib/config";
import { logger } from "../../lib/log";
import { routePattern } from "../../lib/metrics/metrics";
import { startMetricsServer } from "../../worker/metrics-server";

const TOKEN = "metrics-token-for-tests-0123456789";

let env: Env;
let shop: Shop;
let receiver: Receiver;
let workerServer: Server;
let workerUrl: string;

function useToken(token: string | undefined) {
  if (token === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = token;
  resetConfigForTests();
}

const scrapeWeb = (authorization?: string) => call("GET", "/api/metrics", authorization ? { headers: { authorization } } : {});
const scrapeWorker = (authorization?: string) => fetch(workerUrl, { headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  useToken(TOKEN);
  env = await startPaymentsEnv();
  receiver = await startReceiver();
  shop = await newShop(300);
  await call("PATCH", `/api/v1/goods/${shop.goodsId}`, { key: shop.testSecretKey, body: { notifyUrls: { orderCreated: receiver.url, orderPaid: receiver.url } } });
  workerServer = (await startMetricsServer({ host: "127.0.0.1", port: 0, log: logger() }))!;
  workerUrl = `http://127.0.0.1:${(workerServer.address() as AddressInfo).port}/metrics`;
});

afterAll(async () => {
  useToken(undefined);
  workerServer?.close();
  await receiver.close();
  await stopPaymentsEnv(env);
});

describe("metrics endpoints", () => {
  it("answer 401 without the bearer token, and to a wrong one", async () => {
    expect((await scrapeWeb()).status).toBe(401);
    expect((await scrapeWeb(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrapeWeb(TOKEN)).status).toBe(401);
    expect((await scrapeWorker()).status).toBe(401);
    expect((await scrapeWorker("Bearer nope")).status).toBe(401);
    expect((await fetch(workerUrl.replace("/metrics", "/other"), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it("answer 404, like a path that does not exist, when no token is configured", async () => {
    useToken("");
    try {
      const web = await scrapeWeb(`Bearer ${TOKEN}`);
      expect(web.status).toBe(404);
      expect(web.body.error.code).toBe("route_not_found");
      expect((await scrapeWorker(`Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      useToken(TOKEN);
    }
  });

  it("count a paid order, its callback and its delivered webhooks, by route pattern and never by id", async () => {
    const before = (await scrapeWeb(`Bearer ${TOKEN}`)).body as string;
    const count = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels);

    const order = await createOrder(shop, "alipay_h5");
    expect(order.status).toBe(201);
    const trade = await tradeIdFor(order.body.payParams, env.app.base);
    await openCashier(trade);
    await simulate(env.app.base, trade, "pay");
    await waitFor(async () => receiver.received.filter((r) => JSON.parse(r.body).data.order.id === order.body.id).length >= 2);
    expect((await call("GET", `/api/v1/orders/${order.body.id}`, { key: shop.testSecretKey })).body.status).toBe("paid");

    const delivered = { trigger: "automatic", outcome: "success" };
    // An attempt is counted once its outcome is recorded, a moment after the receiver has answered.
    const web = await waitFor(async () => {
      const res = await scrapeWeb(`Bearer ${TOKEN}`);
      const settled = (t: string) => count(t, "payrelay_webhook_deliveries_settled_total", { status: "succeeded" });
      return settled(res.body) - settled(before) >= 2 ? res : null;
    });
    expect(web.status).toBe(200);
    expect(web.headers.get("content-type")).toContain("text/plain");
    const after = web.body as string;
    const test = { channel: "alipay_h5", mode: "test" };
    expect(count(after, "payrelay_orders_created_total", test) - count(before, "payrelay_orders_created_total", test)).toBe(1);
    expect(count(after, "payrelay_orders_paid_total", test) - count(before, "payrelay_orders_paid_total", test)).toBe(1);
    expect(count(after, "payrelay_orders_paid_amount_fen_total", test) - count(before, "payrelay_orders_paid_amount_fen_total", test)).toBe(300);
    const applied = { provider: "alipay", result: "applied" };
    expect(count(after, "payrelay_channel_callbacks_total", applied) - count(before, "payrelay_channel_callbacks_total", applied)).toBe(1);
    expect(count(after, "payrelay_webhook_attempts_total", delivered) - count(before, "payrelay_webhook_attempts_total", delivered)).toBeGreaterThanOrEqual(2);
    expect(count(after, "payrelay_webhook_attempt_duration_seconds_count", delivered)).toBeGreaterThanOrEqual(2);

    const retrieve = { method: "GET", route: "/api/v1/orders/{id}", status: "200" };
    expect(count(after, "payrelay_http_requests_total", retrieve)).toBeGreaterThanOrEqual(1);
    expect(count(after, "payrelay_http_request_duration_seconds_count", { route: "/api/v1/orders", status: "201" })).toBeGreaterThanOrEqual(1);
    expect(count(after, "payrelay_http_requests_total", { route: "/api/callbacks/{provider}/{accountId}", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(labelValues(after).filter((v) => /(ord|goods|evt|ca|cs)_[0-9A-Za-z]{6,}/.test(v))).toEqual([]);

    // Queue depths are sampled from Redis at scrape time, on the web side.
    expect(after).toMatch(/payrelay_queue_jobs\{[^}]*queue="notify"[^}]*state="waiting"[^}]*\} \d+/);

    const worker = await scrapeWorker(`Bearer ${TOKEN}`);
    expect(worker.status).toBe(200);
    expect(sample(await worker.text(), "payrelay_webhook_attempts_total", delivered)).toBeGreaterThanOrEqual(2);
  });

  it("count sweep passes", async () => {
    // The worker's system queue runs the expiry sweep at start and every 30 s.
    const text = await waitFor(async () => {
      const t = (await scrapeWeb(`Bearer ${TOKEN}`)).body as string;
      return sample(t, "payrelay_sweep_runs_total", { sweep: "orders-expire", result: "ok" }) > 0 ? t : null;
    }, 20_000);
    expect(sample(text, "payrelay_sweep_last_success_timestamp_seconds", { sweep: "orders-expire" })).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(sample(text, "payrelay_sweep_duration_seconds_count", { sweep: "orders-expire" })).toBeGreaterThan(0);
  });

  it("count requests to routes without parameters, for which Next passes no params at all", async () => {
    const route = (await import("../../app/api/v1/goods/route")) as unknown as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
    const before = sample((await scrapeWeb(`Bearer ${TOKEN}`)).body, "payrelay_http_requests_total", { route: "/api/v1/goods", status: "200" });
    const req = new Request(`${env.app.base}/api/v1/goods`, { headers: { authorization: `Bearer ${shop.testSecretKey}` } });
    expect((await route.GET!(req, {})).status).toBe(200);
    await waitFor(async () => {
      const after = sample((await scrapeWeb(`Bearer ${TOKEN}`)).body, "payrelay_http_requests_total", { route: "/api/v1/goods", status: "200" });
      return after === before + 1;
    }, 3000);
  });

  it("label unknown paths and unplaceable ids as unmatched", async () => {
    await call("GET", "/api/v1/no-such-thing/ord_123456789", { key: shop.testSecretKey });
    const text = (await scrapeWeb(`Bearer ${TOKEN}`)).body as string;
    expect(sample(text, "payrelay_http_requests_total", { route: "unmatched", status: "404" })).toBeGreaterThanOrEqual(1);
    expect(routePattern("/api/v1/orders/ord_1/close", { id: "ord_1" })).toBe("/api/v1/orders/{id}/close");
    expect(routePattern("/api/v1/orders/a%20b", { id: "a b" })).toBe("/api/v1/orders/{id}");
    expect(routePattern("/api/v1/orders/x", { id: "ord_1" })).toBe("unmatched");
    expect(routePattern("/sandbox/alipay/v3/a/b", { path: ["a", "b"] })).toBe("/sandbox/alipay/v3/{path}");
  });

  it("feed every series the Grafana dashboard in docs/ queries", async () => {
    const dashboard = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/grafana/payrelay-dashboard.json"), "utf8");
    const queried = new Set([...dashboard.matchAll(/\b((?:payrelay|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!));
    expect(queried.size).toBeGreaterThan(10);
    const exposed = (await scrapeWeb(`Bearer ${TOKEN}`)).body as string;
    const names = new Set([...exposed.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
    const base = (n: string) => n.replace(/_(bucket|count|sum)$/, "");
    expect([...queried].filter((n) => !names.has(n) && !names.has(base(n)))).toEqual([]);
  });
});
