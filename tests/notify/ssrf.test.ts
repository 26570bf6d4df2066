/**
 * Without NOTIFY_ALLOW_PRIVATE_HOSTS, notify URLs that reach loopback, private, link-local or metadata
 * addresses are refused, whether written as an IP or as a name that resolves to one.
 */
process.env.NOTIFY_ALLOW_PRIVATE_HOSTS = "0";

import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, sleep, paymentsEnvWithReceiver, waitFor, type Shop } from "../helpers/payments";
import { forbiddenReason } from "../../lib/notify/address-guard";
import { postWebhook } from "../../lib/notify/send";

const ctx = paymentsEnvWithReceiver();

describe("SSRF guard", () => {
  it("a notify URL on 127.0.0.1 is refused and the refusal is the attempt's error", async () => {
    const m = await newMerchant("SSRF shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: ctx.receiver.url } });
    const shop: Shop = { ...m, goodsId: goods.id };
    const order = (await createOrder(shop, "wechat_h5")).body;
    const list = await call("GET", `/api/v1/events?orderId=${order.id}&type=order.created`, { key: shop.testSecretKey });
    const eventId = list.body.data[0].id;
    const attempt = await waitFor(async () => {
      const res = await call("GET", `/api/v1/events/${eventId}`, { key: shop.testSecretKey });
      return res.body.deliveries[0]?.attempts[0];
    });
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\): loopback address/);
    await sleep(200);
    expect(ctx.receiver.received).toHaveLength(0);
  });

  it("names resolving to loopback, metadata and private addresses are refused before any connection", async () => {
    const port = new URL(ctx.receiver.url).port;
    for (const url of [
      `http://localhost:${port}/hooks`,
      `http://[::1]:${port}/hooks`,
      `http://[::ffff:127.0.0.1]:${port}/hooks`,
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://10.0.0.8/hooks",
      "http://0.0.0.0:" + port + "/hooks",
    ]) {
      const r = await postWebhook(url, "{}", {}, { allowPrivate: false, timeoutMs: 2000 });
      expect(r.statusCode, url).toBeNull();
      expect(r.error, url).toMatch(/^refused to connect/);
    }
    expect(ctx.receiver.received).toHaveLength(0);
    const ftp = await postWebhook("ftp://example.com/x", "{}", {}, { allowPrivate: false });
    expect(ftp.error).toMatch(/http and https only/);
  });

  it("a webhook endpoint on a loopback, private or metadata address is refused when saved (422 url_not_allowed)", async () => {
    const m = await newMerchant("SSRF endpoints");
    for (const url of ["http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://[::1]/x", "http://169.254.169.254/latest", "http://10.1.2.3/x", "http://[::ffff:192.168.0.1]/x"]) {
      const res = await call("POST", "/api/v1/webhook-endpoints", { key: m.testSecretKey, body: { url, enabledEvents: ["*"] } });
      expect(res.status, url).toBe(422);
      expect(res.body.error).toMatchObject({ type: "invalid_request", code: "url_not_allowed", param: "url" });
    }
    const ok = await call("POST", "/api/v1/webhook-endpoints", { key: m.testSecretKey, body: { url: "https://hooks.example.com/in", enabledEvents: ["*"] } });
    expect(ok.status).toBe(201);
    const moved = await call("PATCH", `/api/v1/webhook-endpoints/${ok.body.id}`, { key: m.testSecretKey, body: { url: "http://192.168.1.1/in" } });
    expect(moved.status).toBe(422);
    expect((await call("GET", `/api/v1/webhook-endpoints/${ok.body.id}`, { key: m.testSecretKey })).body.url).toBe("https://hooks.example.com/in");
    const list = await call("GET", "/api/v1/webhook-endpoints", { key: m.testSecretKey });
    expect(list.body.data).toHaveLength(1);
  });

  it("classifies the ranges", () => {
    const cases: [string, string | null][] = [
      ["127.0.0.1", "loopback"],
      ["10.1.2.3", "private"],
      ["172.20.0.1", "private"],
      ["192.168.1.1", "private"],
      ["100.64.0.1", "carrier-grade NAT"],
      ["169.254.169.254", "link-local/metadata"],
      ["0.0.0.0", "unspecified"],
      ["224.0.0.251", "multicast"],
      ["::", "unspecified"],
      ["::1", "loopback"],
      ["fe80::1", "link-local"],
      ["fd00:ec2::254", "unique-local/private"],
      ["ff02::1", "multicast"],
      ["::ffff:10.0.0.1", "private"],
      ["8.8.8.8", null],
      ["2606:4700:4700::1111", null],
    ];
    for (const [ip, reason] of cases) expect(forbiddenReason(ip), ip).toBe(reason);
  });
});
