/**
 * Shared setup for payment tests: the app served over HTTP (so the sandbox can call our callback
 * URLs), the worker's real BullMQ workers in-process, and helpers to find a sandbox trade from the
 * pay parameters an order carries and to drive it.
 */
import type { Worker } from "bullmq";
import { afterAll, beforeAll } from "vitest";
import { eq } from "drizzle-orm";
import { startAppServer, type AppServer } from "./app-server";
import { startReceiver, type Receiver } from "./webhook-receiver";
import { resetConfigForTests } from "../../lib/config";
import { call } from "./api";
import { newGoods, newMerchant } from "./fixtures";
import { startWorkers } from "../../worker/workers";
import { logger } from "../../lib/log";
import { db } from "../../lib/db/client";
import { events } from "../../lib/db/schema";
import { loadCashierPage } from "../../lib/sandbox/cashier-actions";

export type Env = { app: AppServer; workers: Worker[] };

export async function startPaymentsEnv(): Promise<Env> {
  const app = await startAppServer();
  const workers = await startWorkers(logger());
  return { app, workers };
}

export async function stopPaymentsEnv(env: Env): Promise<void> {
  await Promise.all(env.workers.map((w) => w.close()));
  await env.app.close();
}

/**
 * For a test file whose live mode talks to the sandbox: a payments environment started before its
 * tests, with ALIPAY_GATEWAY / WECHATPAY_API_BASE pointed at that server's sandbox (so each PUT of
 * live credentials provisions a sandbox app or merchant), undone after them. Returns the
 * environment's base URL, once started.
 */
export function liveSandboxEnvForFile(): { base: () => string } {
  let env: Env | undefined;
  beforeAll(async () => {
    env = await startPaymentsEnv();
    process.env.ALIPAY_GATEWAY = `${env.app.base}/sandbox/alipay/gateway.do`;
    process.env.WECHATPAY_API_BASE = `${env.app.base}/sandbox/wechatpay`;
    resetConfigForTests();
  });
  afterAll(async () => {
    delete process.env.ALIPAY_GATEWAY;
    delete process.env.WECHATPAY_API_BASE;
    resetConfigForTests();
    if (env) await stopPaymentsEnv(env);
  });
  return { base: () => env!.app.base };
}

export type Shop = Awaited<ReturnType<typeof newMerchant>> & { goodsId: string };

export async function newShop(price = 1): Promise<Shop> {
  const m = await newMerchant("Payments shop");
  const goods = await newGoods(m.testSecretKey, { price });
  return { ...m, goodsId: goods.id };
}

export type Channel = import("@/lib/channels").ChannelId;

export async function createOrder(shop: Shop, channel: Channel, extra: Record<string, unknown> = {}) {
  return call("POST", "/api/v1/orders", {
    key: shop.testPublishableKey,
    body: {
      goodsId: shop.goodsId,
      quantity: 1,
      channel,
      buyerId: "15705420001",
      attach: "xxxxxx",
      ...(channel === "wechat_jsapi" ? { openId: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" } : {}),
      ...(channel === "wechat_h5" ? { clientIp: "203.0.113.5" } : {}),
      ...extra,
    },
  });
}

/** The sandbox trade behind an order, found the way a buyer's browser gets there. */
export async function tradeIdFor(payParams: Record<string, string>, base: string): Promise<string> {
  let url: string;
  if (payParams.payUrl) url = payParams.payUrl;
  else if (payParams.h5Url) url = payParams.h5Url;
  // QR codes: what scanning them does in test mode (the sandbox's scanner opens the trade's cashier).
  else if (payParams.codeUrl) url = `${base}/sandbox/scan?code=${encodeURIComponent(payParams.codeUrl)}`;
  else if (payParams.qrCode) url = payParams.qrCode;
  else url = `${base}/sandbox/pay/jsapi?prepay_id=${encodeURIComponent(payParams.package!.replace("prepay_id=", ""))}`;
  const res = await fetch(url, { redirect: "manual" });
  const location = res.status >= 300 && res.status < 400 ? res.headers.get("location")! : url;
  const match = /\/sandbox\/pay\/(sbt_[0-9A-Za-z]+)/.exec(location);
  if (!match) throw new Error(`no sandbox trade behind ${url} (${res.status} → ${location})`);
  return match[1]!;
}

/**
 * Opens the cashier as the page does when a buyer lands on it (for Alipay, this is when the trade
 * comes into existence). The page itself is a React page the in-process server does not render.
 */
export async function openCashier(tradeId: string): Promise<void> {
  await loadCashierPage(tradeId);
}

export async function simulate(base: string, tradeId: string, outcome: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/sandbox/api/trades/${tradeId}/simulate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome, ...extra }),
  });
  if (res.status !== 200) throw new Error(`simulate ${outcome}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function eventsFor(orderId: string) {
  return db().select().from(events).where(eq(events.orderId, orderId));
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false | null>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishable-key checkout sessions may only return to the merchant's listed redirect domains. */
export async function allowRedirects(s: Shop, domains = ["shop.example.com", "x.example.com"]): Promise<void> {
  const res = await call("PUT", "/api/v1/redirect-domains", { key: s.testSecretKey, body: { domains } });
  if (res.status !== 200) throw new Error(`redirect domains not set: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * For a whole test file: the payments env (app server and workers) and a webhook receiver, started
 * before its tests (after the file set its environment) and stopped after them.
 */
export function paymentsEnvWithReceiver(): { readonly receiver: Receiver } {
  const ctx = {} as { env: Env; receiver: Receiver };
  beforeAll(async () => {
    resetConfigForTests();
    ctx.env = await startPaymentsEnv();
    ctx.receiver = await startReceiver();
  });
  afterAll(async () => {
    await stopPaymentsEnv(ctx.env);
    await ctx.receiver.close();
  });
  return ctx;
}
