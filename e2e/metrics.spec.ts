import path from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { sample } from "../tests/helpers/prometheus";

/**
 * Metrics as `npm start` runs payrelay: the web app and the worker are separate processes and each
 * counts what happens in it. A paid order is counted by the web app (the order, the callback); its
 * webhooks by the worker, which delivers them.
 */
const root = path.resolve(import.meta.dirname, "..");
const token = process.env.METRICS_TOKEN!;
const workerMetrics = `http://127.0.0.1:${process.env.WORKER_METRICS_PORT}/metrics`;
const auth = { authorization: `Bearer ${token}` };

const scrapeWorker = async () => {
  const res = await fetch(workerMetrics, { headers: auth });
  expect(res.status).toBe(200);
  return res.text();
};

test("the web app and the worker each expose their own counters, behind the token", async ({ request }) => {
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    // The CLI first: a request before it would leave an idle keep-alive socket the server may close meanwhile.
    const merchant = JSON.parse(
      execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", `metrics-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "Metrics shop"], {
        cwd: root,
        env: process.env,
      }).toString(),
    );
    expect((await request.get("/api/metrics")).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status()).toBe(401);
    expect((await fetch(workerMetrics)).status).toBe(401);
    const key = { Authorization: `Bearer ${merchant.testSecretKey}` };
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const goods = await (await request.post("/api/v1/goods", { headers: key, data: { name: "g", price: 88, notifyUrls: { orderCreated: hookUrl, orderPaid: hookUrl } } })).json();

    const webBefore = await (await request.get("/api/metrics", { headers: auth })).text();
    const workerBefore = await scrapeWorker();

    const order = await (await request.post("/api/v1/orders", { headers: key, data: { goodsId: goods.id, quantity: 1, channel: "wechat_h5", buyerId: "b", clientIp: "203.0.113.5" } })).json();
    const cashier = await request.get(order.payParams.h5Url, { maxRedirects: 0 });
    const trade = /\/sandbox\/pay\/(sbt_[0-9A-Za-z]+)/.exec(cashier.headers().location ?? order.payParams.h5Url)![1];
    expect((await request.post(`/sandbox/api/trades/${trade}/simulate`, { data: { outcome: "pay" } })).status()).toBe(200);
    await expect.poll(() => received.filter((b) => b.includes(order.id)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

    const wechat = { channel: "wechat_h5", mode: "test" };
    const success = { trigger: "automatic", outcome: "success" };
    // The web app: the order, the callback that paid it, the requests, the queues.
    await expect
      .poll(async () => {
        const web = await (await request.get("/api/metrics", { headers: auth })).text();
        return sample(web, "payrelay_orders_paid_total", wechat) - sample(webBefore, "payrelay_orders_paid_total", wechat);
      })
      .toBe(1);
    const web = await (await request.get("/api/metrics", { headers: auth })).text();
    expect(sample(web, "payrelay_orders_created_total", wechat) - sample(webBefore, "payrelay_orders_created_total", wechat)).toBe(1);
    expect(sample(web, "payrelay_channel_callbacks_total", { provider: "wechatpay", result: "applied" })).toBeGreaterThanOrEqual(1);
    expect(sample(web, "payrelay_http_requests_total", { route: "/api/v1/orders", status: "201", process: "web" })).toBeGreaterThanOrEqual(1);
    expect(web).toMatch(/payrelay_queue_jobs\{[^}]*queue="notify"[^}]*state="waiting"[^}]*\} \d+/);
    expect(sample(web, "payrelay_webhook_attempts_total", success)).toBe(0);

    // The worker: the deliveries it made, and nothing it did not do.
    await expect
      .poll(async () => sample(await scrapeWorker(), "payrelay_webhook_attempts_total", success) - sample(workerBefore, "payrelay_webhook_attempts_total", success), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    const worker = await scrapeWorker();
    expect(sample(worker, "payrelay_webhook_attempt_duration_seconds_count", { ...success, process: "worker" })).toBeGreaterThanOrEqual(2);
    expect(sample(worker, "payrelay_orders_created_total")).toBe(0);
    expect(sample(worker, "payrelay_sweep_runs_total", { sweep: "orders-expire", result: "ok" })).toBeGreaterThanOrEqual(1);
  } finally {
    receiver.close();
  }
});
