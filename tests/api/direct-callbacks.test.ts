/**
 * Channel callbacks answered by the web server before Next's router (lib/api/direct-callbacks.ts,
 * registered by instrumentation.ts): the same answers and effects as the route, over real HTTP.
 */
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { answerCallbackDirectly, directCallbacksRegistered, registerDirectCallbacks } from "../../lib/api/direct-callbacks";
import { register } from "../../instrumentation";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { buildAlipayNotification } from "../../lib/sandbox/alipay";
import { buildWechatNotification } from "../../lib/sandbox/wechatpay";
import { db } from "../../lib/db/client";
import { channelCallbacks, orders } from "../../lib/db/schema";
import { createOrder, eventsFor, newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, type Env, type Shop } from "../helpers/payments";
import { MAX_BODY_BYTES } from "../../lib/api/body";

let env: Env;
let shop: Shop;
let server: Server;
let base = "";
/** What the web server hands to Next: here, a 404 that says so. */
let toNext = 0;
const store = createMysqlSandboxStore();

beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(100);
  server = createServer((req, res) => {
    const failed = (error: unknown) => res.writeHead(500).end(String(error));
    if (!answerCallbackDirectly(req, res, failed)) {
      toNext++;
      res.writeHead(404).end("to next");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  registerDirectCallbacks(undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stopPaymentsEnv(env);
});

async function paidSilently(channel: "alipay_h5" | "wechat_h5") {
  const order = (await createOrder(shop, channel)).body;
  const tradeId = await tradeIdFor(order.payParams, env.app.base);
  await openCashier(tradeId);
  await simulate(env.app.base, tradeId, "pay_no_notify");
  return { orderId: order.id as string, trade: (await store.getTrade(tradeId))! };
}

/** The notification sent to our server instead of the app's, at the same path. */
async function post(url: string, body: BodyInit, headers: Record<string, string>, path = new URL(url).pathname) {
  const res = await fetch(`${base}${path}`, { method: "POST", body, headers });
  return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type"), cacheControl: res.headers.get("cache-control") };
}

const statusOf = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!.status;

describe("channel callbacks answered by the web server", () => {
  it("without the hand-over every request goes to Next; instrumentation.ts makes the hand-over", async () => {
    const { trade } = await paidSilently("alipay_h5");
    const n = await buildAlipayNotification(store, trade);
    registerDirectCallbacks(undefined);
    expect(await post(n.url, n.body, n.headers)).toMatchObject({ status: 404, text: "to next" });
    const before = toNext;
    process.env.NEXT_RUNTIME = "nodejs";
    try {
      await register();
    } finally {
      delete process.env.NEXT_RUNTIME;
    }
    expect(directCallbacksRegistered()).toBe(true);
    expect(await post(n.url, n.body, n.headers)).toMatchObject({ status: 200, text: "success" });
    expect(toNext).toBe(before);
  });

  it("Alipay and WeChat: paid once, the route's answers and headers, a replay acknowledged", async () => {
    const alipay = await paidSilently("alipay_h5");
    const a = await buildAlipayNotification(store, alipay.trade);
    expect(await post(a.url, a.body, a.headers)).toEqual({ status: 200, text: "success", contentType: "text/plain; charset=utf-8", cacheControl: "no-store, no-transform" });
    expect(await statusOf(alipay.orderId)).toBe("paid");
    expect((await post(a.url, a.body, a.headers)).text).toBe("success");
    expect((await eventsFor(alipay.orderId)).filter((e) => e.type === "order.paid")).toHaveLength(1);

    const wechat = await paidSilently("wechat_h5");
    const w = await buildWechatNotification(store, wechat.trade);
    expect(await post(w.url, w.body, w.headers)).toMatchObject({ status: 204, text: "" });
    expect(await statusOf(wechat.orderId)).toBe("paid");
    const recorded = await db().select().from(channelCallbacks).where(eq(channelCallbacks.orderId, wechat.orderId));
    expect(recorded.map((c) => c.outcome)).toEqual(["applied"]);
  });

  it("hostile bodies get the provider's failure answer and change nothing: too large, not UTF-8, forged", async () => {
    const { orderId, trade } = await paidSilently("alipay_h5");
    const n = await buildAlipayNotification(store, trade);
    // Too large, declared and chunked (no Content-Length): "fail", never a 500.
    expect(await post(n.url, `${n.body}&pad=${"x".repeat(MAX_BODY_BYTES)}`, n.headers)).toMatchObject({ status: 200, text: "fail" });
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(n.body));
        c.enqueue(new Uint8Array(MAX_BODY_BYTES));
        c.close();
      },
    });
    const res = await fetch(`${base}${new URL(n.url).pathname}`, { method: "POST", body: chunked, headers: n.headers, duplex: "half" } as RequestInit);
    expect({ status: res.status, text: await res.text() }).toMatchObject({ status: 200, text: "fail" });
    expect(await post(n.url, new Uint8Array([0xff, 0xfe, 0x41]), n.headers)).toMatchObject({ status: 200, text: "fail" });
    const forged = new URLSearchParams(n.body);
    forged.set("total_amount", "0.01");
    expect(await post(n.url, forged.toString(), n.headers)).toMatchObject({ status: 200, text: "fail" });
    expect(await statusOf(orderId)).toBe("pending");
  });

  it("a body past the cap that keeps coming is refused at once, and the connection closed: it is not read to its end", async () => {
    const { orderId, trade } = await paidSilently("alipay_h5");
    const n = await buildAlipayNotification(store, trade);
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    const head = Object.entries(n.headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
    socket.write(`POST ${new URL(n.url).pathname} HTTP/1.1\r\nhost: x\r\n${head}transfer-encoding: chunked\r\n\r\n`);
    const chunk = `${(16 * 1024).toString(16)}\r\n${"x".repeat(16 * 1024)}\r\n`;
    let sent = 0;
    // A sender that never stops (until the connection is gone): before, no answer came until the body ended.
    const feed = setInterval(() => {
      if (socket.writable) socket.write(chunk, () => {});
      sent += chunk.length;
    }, 2);
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
    socket.on("error", () => {});
    try {
      await Promise.race([once(socket, "close"), new Promise((_, reject) => setTimeout(() => reject(new Error(`no close; answer so far: ${answer}`)), 5_000))]);
    } finally {
      clearInterval(feed);
      socket.destroy();
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toMatch(/\r\n\r\n(4\r\n)?fail/);
    expect(sent).toBeLessThan(100 * MAX_BODY_BYTES);
    expect(await statusOf(orderId)).toBe("pending");
  });

  it("only POSTs to /api/callbacks/{provider}/{accountId} are answered; everything else goes to Next", async () => {
    const before = toNext;
    const path = `/api/callbacks/alipay/${shop.merchantId}`;
    expect((await fetch(`${base}${path}`)).status).toBe(404); // GET
    expect((await post(base, "x", {}, `${path}/extra`)).status).toBe(404);
    expect((await post(base, "x", {}, "/api/callbacks/alipay/ca%2Fx")).status).toBe(404);
    expect((await post(base, "x", {}, "/api/v1/orders")).status).toBe(404);
    expect(toNext).toBe(before + 4);
    // An unknown provider or account is the handler's to refuse, as the route does.
    expect((await post(base, "x", {}, "/api/callbacks/paypal/ca_x")).status).toBe(404);
  });
});
