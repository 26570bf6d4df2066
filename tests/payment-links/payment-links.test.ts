import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "../helpers/api";
import { eventsFor, newShop, openCashier, simulate, startPaymentsEnv, stopPaymentsEnv, tradeIdFor, waitFor, type Env, type Shop } from "../helpers/payments";
import { db } from "../../lib/db/client";
import { checkoutSessions, orders } from "../../lib/db/schema";
import { desktopCheckout } from "../../lib/checkout/desktop";
import { paymentLinkSchema } from "../../lib/payment-links/schemas";
import { paymentLinkQr } from "../../lib/payment-links/links";

/** Payment links: the API (secret key), and what opening /l/{id} does for each kind of browser. */
let env: Env;
let shop: Shop;
beforeAll(async () => {
  env = await startPaymentsEnv();
  shop = await newShop(150);
});
afterAll(async () => stopPaymentsEnv(env));

const UA = {
  wechat: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
  alipay: "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 AlipayChannelId/5136 AlipayClient/10.6.0.8000 Language/zh-Hans",
  phone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  desktop: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
};

async function newLink(s: Shop = shop, extra: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/payment-links", { key: s.testSecretKey, body: { goodsId: s.goodsId, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return paymentLinkSchema.parse(res.body);
}

const open = (url: string, ua: string, lang = "zh-CN") => fetch(url, { redirect: "manual", headers: { "user-agent": ua, "accept-language": lang, "x-forwarded-for": "203.0.113.9" } });

/** The session a visit made, from where the visit sent the browser. */
async function sessionOf(location: string) {
  const id = /cs_[0-9A-Za-z]+/.exec(location)?.[0];
  if (!id) throw new Error(`no session in ${location}`);
  return (await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, id)))[0]!;
}

describe("payment links API", () => {
  it("creates, reads, lists and updates a link; its URL is /l/{id}", async () => {
    const link = await newLink(shop, { quantity: 2, successUrl: "https://shop.example.com/thanks" });
    expect(link).toMatchObject({ object: "payment_link", livemode: false, goodsId: shop.goodsId, quantity: 2, successUrl: "https://shop.example.com/thanks", active: true });
    expect(link.id).toMatch(/^plink_/);
    expect(link.url).toBe(`${env.app.base}/l/${link.id}`);
    expect((await newLink()).quantity).toBe(1);

    const read = await call("GET", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(link);

    const list = await call("GET", "/api/v1/payment-links?limit=1", { key: shop.testSecretKey });
    expect(list.body).toMatchObject({ object: "list", hasMore: true });
    const next = await call("GET", `/api/v1/payment-links?startingAfter=${list.body.data[0].id}`, { key: shop.testSecretKey });
    expect([...list.body.data, ...next.body.data].map((l: { id: string }) => l.id)).toContain(link.id);

    const patched = await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey, body: { quantity: 3, successUrl: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ quantity: 3, successUrl: null, active: true });
    const off = await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey, body: { active: false } });
    expect(off.body).toMatchObject({ active: false, quantity: 3 });
    expect((await call("GET", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey })).body.active).toBe(false);
  });

  it.each([
    [{}, 400, "parameter_missing", "goodsId"],
    [{ goodsId: "goods_nope" }, 404, "resource_missing", "goodsId"],
    [{ quantity: 0 }, 400, "parameter_invalid", "quantity"],
    [{ quantity: 1.5 }, 400, "parameter_invalid", "quantity"],
    [{ successUrl: "javascript:alert(1)" }, 400, "parameter_invalid", "successUrl"],
    [{ buyerId: "x" }, 400, "parameter_unknown", "buyerId"],
  ])("refuses %j in the contract's error shape and creates nothing", async (body, status, code, param) => {
    const before = await call("GET", "/api/v1/payment-links?limit=100", { key: shop.testSecretKey });
    // {} sends no goodsId at all; the other cases change one field of a valid body.
    const sent = Object.keys(body).length === 0 ? {} : { goodsId: shop.goodsId, ...body };
    const res = await call("POST", "/api/v1/payment-links", { key: shop.testSecretKey, body: sent });
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, param });
    const after = await call("GET", "/api/v1/payment-links?limit=100", { key: shop.testSecretKey });
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it("refuses a retired goods, bad updates, and publishable keys", async () => {
    const s = await newShop(5);
    const link = await newLink(s);
    await call("PATCH", `/api/v1/goods/${s.goodsId}`, { key: s.testSecretKey, body: { active: false } });
    const retired = await call("POST", "/api/v1/payment-links", { key: s.testSecretKey, body: { goodsId: s.goodsId } });
    expect(retired.status).toBe(400);
    expect(retired.body.error).toMatchObject({ code: "goods_inactive", param: "goodsId" });
    const bad = await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: s.testSecretKey, body: { active: "no" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe("active");
    const goodsSwap = await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: s.testSecretKey, body: { goodsId: shop.goodsId } });
    expect(goodsSwap.body.error).toMatchObject({ code: "parameter_unknown", param: "goodsId" });
    const publishable = await call("POST", "/api/v1/payment-links", { key: s.testPublishableKey, body: { goodsId: s.goodsId } });
    expect(publishable.status).toBe(403);
  });

  it("another merchant's key, or the other mode's, never sees or changes a link", async () => {
    const link = await newLink();
    const other = await newShop(1);
    for (const [method, body] of [["GET", undefined], ["PATCH", { active: false }]] as const) {
      const res = await call(method, `/api/v1/payment-links/${link.id}`, { key: other.testSecretKey, body });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("resource_missing");
    }
    expect((await call("GET", "/api/v1/payment-links", { key: other.testSecretKey })).body.data).toEqual([]);
    expect((await call("GET", `/api/v1/payment-links?startingAfter=${link.id}`, { key: other.testSecretKey })).status).toBe(404);
    // Another merchant's goods cannot be sold through one's own link.
    const foreign = await call("POST", "/api/v1/payment-links", { key: other.testSecretKey, body: { goodsId: shop.goodsId } });
    expect(foreign.status).toBe(404);
    const live = await shop.liveSecretKey();
    expect((await call("GET", `/api/v1/payment-links/${link.id}`, { key: live })).status).toBe(404);
    expect((await call("GET", "/api/v1/payment-links", { key: live })).body.data).toEqual([]);
    expect((await call("GET", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey })).body.active).toBe(true);
  });

  it("draws the link's URL as SVG and PNG", async () => {
    const link = await newLink();
    const svg = await paymentLinkQr(link.id, "svg");
    expect(svg.contentType).toBe("image/svg+xml");
    expect(String(svg.body)).toMatch(/^<svg/);
    const png = await paymentLinkQr(link.id, "png");
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe("PNG");
  });
});

describe("opening /l/{id}", () => {
  it("a deactivated link answers 410 with a 'no longer valid' page in the buyer's language; an unknown one 404; reactivated it works again", async () => {
    const link = await newLink();
    await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey, body: { active: false } });
    const gone = await open(link.url, UA.phone);
    expect(gone.status).toBe(410);
    expect(gone.headers.get("content-type")).toContain("text/html");
    expect(await gone.text()).toContain("支付链接已失效");
    const goneEn = await open(link.url, UA.desktop, "en-US,en;q=0.9");
    expect(await goneEn.text()).toContain("no longer valid");
    const before = await db().select().from(checkoutSessions).where(eq(checkoutSessions.paymentLinkId, link.id));
    expect(before).toEqual([]);

    for (const id of ["plink_doesNotExist1", "nope", "plink_'--"]) {
      const missing = await open(`${env.app.base}/l/${encodeURIComponent(id)}`, UA.phone);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("支付链接不存在");
    }

    await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey, body: { active: true } });
    expect((await open(link.url, UA.phone)).status).toBe(303);
  });

  it("HEAD (a link preview, an uptime check) says whether the link works and opens no session", async () => {
    const link = await newLink();
    const head = await fetch(link.url, { method: "HEAD", redirect: "manual", headers: { "user-agent": UA.alipay } });
    expect(head.status).toBe(200);
    expect(await db().select().from(checkoutSessions).where(eq(checkoutSessions.paymentLinkId, link.id))).toEqual([]);
    await call("PATCH", `/api/v1/payment-links/${link.id}`, { key: shop.testSecretKey, body: { active: false } });
    expect((await fetch(link.url, { method: "HEAD" })).status).toBe(410);
    expect((await fetch(`${env.app.base}/l/plink_nope`, { method: "HEAD" })).status).toBe(404);
  });

  it("a link whose goods was retired is gone too", async () => {
    const s = await newShop(3);
    const link = await newLink(s);
    await call("PATCH", `/api/v1/goods/${s.goodsId}`, { key: s.testSecretKey, body: { active: false } });
    expect((await open(link.url, UA.desktop)).status).toBe(410);
  });

  it("a phone or desktop browser gets the hosted page; every visit is a session of its own at the goods' price then", async () => {
    const link = await newLink(shop, { quantity: 2 });
    const a = await open(link.url, UA.phone);
    const b = await open(link.url, UA.desktop);
    expect(a.status).toBe(303);
    expect(a.headers.get("location")).toMatch(new RegExp(`^${env.app.base}/checkout/cs_[0-9A-Za-z]+$`));
    const [sa, sb] = [await sessionOf(a.headers.get("location")!), await sessionOf(b.headers.get("location")!)];
    expect(sa.id).not.toBe(sb.id);
    for (const s of [sa, sb]) {
      expect(s).toMatchObject({ merchantId: shop.merchantId, livemode: false, paymentLinkId: link.id, buyerId: link.id, quantity: 2, amountFen: 300, status: "open" });
      expect(s.successUrl).toBe(`${env.app.base}/checkout/${s.id}/done`);
    }
    const read = await call("GET", `/api/v1/checkout-sessions/${sa.id}`, { key: shop.testSecretKey });
    expect(read.body).toMatchObject({ paymentLinkId: link.id, buyerId: link.id });
    // The desktop page's QR codes are orders of that session, for the link's placeholder buyer until someone pays.
    const desk = await desktopCheckout(sb.id, { ip: null });
    expect(desk.kind).toBe("qr");
  });

  it("inside WeChat: OAuth through the sandbox, a JSAPI order whose buyerId is the openid, paid; order.paid says so", async () => {
    const link = await newLink(shop, { successUrl: "https://shop.example.com/thanks" });
    const visit = await open(link.url, UA.wechat);
    const authorize = visit.headers.get("location")!;
    expect(authorize).toContain("/sandbox/wechat/connect/oauth2/authorize?");
    const session = await sessionOf(decodeURIComponent(authorize));
    const back = await fetch(authorize.replace("#wechat_redirect", ""), { redirect: "manual" });
    const jsapi = await fetch(back.headers.get("location")!, { redirect: "manual", headers: { "user-agent": UA.wechat } });
    expect(jsapi.headers.get("location")).toBe(`${env.app.base}/checkout/${session.id}/jsapi`);
    const [s] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
    const [order] = await db().select().from(orders).where(eq(orders.id, s!.orderId!));
    expect(order).toMatchObject({ channel: "wechat_jsapi", status: "pending", amountFen: 150 });
    expect(order!.openId).toMatch(/^o/);
    expect(order!.buyerId).toBe(order!.openId);

    const trade = await tradeIdFor(order!.payParams!, env.app.base);
    await simulate(env.app.base, trade, "pay");
    const paid = await waitFor(async () => (await eventsFor(order!.id)).find((e) => e.type === "order.paid"));
    expect((paid.data as { order: { buyerId: string } }).order.buyerId).toBe(order!.openId);
    const state = await waitFor(async () => {
      const st = (await (await fetch(`${env.app.base}/checkout/${session.id}/status`)).json()) as { status: string; successRedirect: string };
      return st.status === "paid" ? st : null;
    });
    expect(state.successRedirect).toBe(`https://shop.example.com/thanks?orderId=${order!.id}`);
  });

  it("inside Alipay: straight to Alipay's wap pay; once paid the order's buyerId is Alipay's buyer id, in order.paid and on the session", async () => {
    const link = await newLink();
    const visit = await open(link.url, UA.alipay);
    expect(visit.status).toBe(303);
    const payUrl = visit.headers.get("location")!;
    expect(payUrl).toContain("/sandbox/alipay/gateway.do?");
    const rows = await db().select().from(orders).where(eq(orders.buyerId, link.id));
    expect(rows).toHaveLength(1);
    const mine = rows[0]!;
    expect(mine).toMatchObject({ channel: "alipay_h5", status: "pending" });
    const created = (await eventsFor(mine.id)).find((e) => e.type === "order.created");
    expect((created!.data as { order: { buyerId: string } }).order.buyerId).toBe(link.id);

    const trade = await tradeIdFor({ payUrl }, env.app.base);
    await openCashier(trade);
    await simulate(env.app.base, trade, "pay");
    const paid = await waitFor(async () => (await eventsFor(mine.id)).find((e) => e.type === "order.paid"));
    const buyerId = (paid.data as { order: { buyerId: string } }).order.buyerId;
    expect(buyerId).toMatch(/^2088\d+$/);
    expect((await db().select().from(orders).where(eq(orders.id, mine.id)))[0]!.buyerId).toBe(buyerId);
    const session = (await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, mine.checkoutSessionId!)))[0]!;
    const done = await fetch(`${env.app.base}/checkout/${session.id}/status`);
    expect(((await done.json()) as { successRedirect: string }).successRedirect).toBe(`${env.app.base}/checkout/${session.id}/done?orderId=${mine.id}`);
    expect((await call("GET", `/api/v1/checkout-sessions/${session.id}`, { key: shop.testSecretKey })).body).toMatchObject({ status: "complete", buyerId });
  });

  it("paid without a notification, the query that finds it names the payer too (desktop QR, WeChat Native)", async () => {
    const link = await newLink();
    const session = await sessionOf((await open(link.url, UA.desktop)).headers.get("location")!);
    const desk = await desktopCheckout(session.id, { ip: null });
    if (desk.kind !== "qr") throw new Error(JSON.stringify(desk));
    const native = desk.codes.find((c) => c.channel === "wechat_native")!;
    const [order] = await db().select().from(orders).where(eq(orders.id, native.orderId));
    expect(order!.buyerId).toBe(link.id);
    const trade = await tradeIdFor(order!.payParams!, env.app.base);
    await simulate(env.app.base, trade, "pay_no_notify");
    await waitFor(async () => ((await (await fetch(`${env.app.base}/checkout/${session.id}/status`)).json()) as { status: string }).status === "paid");
    const [after] = await db().select().from(orders).where(eq(orders.id, native.orderId));
    expect(after).toMatchObject({ status: "paid" });
    expect(after!.buyerId).toMatch(/^o/);
    const paid = (await eventsFor(order!.id)).find((e) => e.type === "order.paid");
    expect((paid!.data as { order: { buyerId: string } }).order.buyerId).toBe(after!.buyerId);
  });

  it("an order made with the API keeps its buyerId whatever payer the channel reports", async () => {
    const res = await call("POST", "/api/v1/orders", { key: shop.testSecretKey, body: { goodsId: shop.goodsId, quantity: 1, channel: "alipay_h5", buyerId: "u-42" } });
    const trade = await tradeIdFor(res.body.payParams, env.app.base);
    await openCashier(trade);
    await simulate(env.app.base, trade, "pay");
    const paid = await waitFor(async () => (await eventsFor(res.body.id)).find((e) => e.type === "order.paid"));
    expect((paid.data as { order: { buyerId: string } }).order.buyerId).toBe("u-42");
  });
});

describe("the portal's form", () => {
  it("creates through the API's own schema; bad fields come back per field and create nothing", async () => {
    const { createPaymentLinkFromForm, listPortalPaymentLinks, paymentLinkPngDataUrl } = await import("../../lib/portal/payment-links");
    const s = await newShop(7);
    const owner = { merchantId: s.merchantId, livemode: false };
    const bad = await createPaymentLinkFromForm(owner, { goodsId: s.goodsId, quantity: "two", successUrl: "ftp://x" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors).sort()).toEqual(["quantity", "successUrl"]);
    const foreign = await createPaymentLinkFromForm(owner, { goodsId: shop.goodsId, quantity: "1", successUrl: "" });
    expect(foreign.ok ? null : Object.keys(foreign.fieldErrors)).toEqual(["goodsId"]);
    expect(await listPortalPaymentLinks(owner)).toEqual([]);
    const good = await createPaymentLinkFromForm(owner, { goodsId: s.goodsId, quantity: "3", successUrl: "" });
    expect(good.ok && good.link).toMatchObject({ quantity: 3, successUrl: null });
    const [listed] = await listPortalPaymentLinks(owner);
    expect(listed).toMatchObject({ goodsName: "Goods A", amountLabel: "¥0.21" });
    const png = await paymentLinkPngDataUrl(owner, listed!.id);
    expect(Buffer.from(png.split(",")[1]!, "base64").subarray(1, 4).toString()).toBe("PNG");
    await expect(paymentLinkPngDataUrl({ merchantId: shop.merchantId, livemode: false }, listed!.id)).rejects.toMatchObject({ type: "not_found" });
    expect(Buffer.from(listed!.qr.svgHref.split(",")[1]!, "base64").toString()).toBe(listed!.qr.svg);
  });
});
