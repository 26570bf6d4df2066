import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { db } from "../../lib/db/client";
import { channelCallbacks, channelRequests, checkoutSessions, events, orders, refunds, webhookAttempts, webhookDeliveries } from "../../lib/db/schema";
import { newId } from "../../lib/ids";
import { ApiError } from "../../lib/api/errors";
import { createGoodsFromForm, getPortalGoods, listPortalGoods, parseCreateGoodsForm, updateGoodsFromForm } from "../../lib/portal/goods";
import { getOrderDetail, listPortalOrders, parseOrderFilters } from "../../lib/portal/orders";
import { getDashboard } from "../../lib/portal/dashboard";
import { listPortalChannelAccounts, saveChannelAccountFromForm } from "../../lib/portal/channels";
import { createPortalKey, listPortalKeys, revokePortalKey } from "../../lib/portal/keys";
import { signUpMerchant } from "../../lib/portal/merchant";

// Each sign-up from an address of its own: sign-ups are throttled per address (tests/portal/sign-in.test.ts).
let addressCounter = 0;
const signUpAt = (raw: Record<string, string>) => signUpMerchant(raw, `192.0.2.${++addressCounter}`);
import { listPortalDeliveries, revealWebhookSecret } from "../../lib/portal/webhooks";
import { loadChannelAccountOrThrow } from "../../lib/channel-accounts/channel-accounts";
import { startTestPayment } from "../../lib/portal/test-payment";
import { eq } from "drizzle-orm";
import { startAppServer, type AppServer } from "../helpers/app-server";
import type { Owner } from "../../lib/owner";
import { renderFieldErrors, renderMessage, type Message } from "../../lib/i18n/message";
import { translatorFor } from "../../lib/i18n/messages";

// lib/portal speaks in message keys; these render them as the portal's pages do.
const en = translatorFor("en");
const zh = translatorFor("zh-CN");
const words = (errors: Record<string, Message>, t = en) => renderFieldErrors(t, errors);

const PASSWORD = "a long enough passphrase";
let n = 0;
async function signUp(name = "Portal shop") {
  const result = await signUpAt({ email: `portal-${Date.now()}-${n++}@example.com`, password: PASSWORD, name });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.merchant;
}

const test = (merchantId: string): Owner => ({ merchantId, livemode: false });
const live = (merchantId: string): Owner => ({ merchantId, livemode: true });

async function insertOrder(owner: Owner, goodsId: string, over: Partial<typeof orders.$inferInsert> = {}) {
  const now = new Date();
  const row = {
    id: newId("ord"),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    goodsId,
    quantity: 1,
    unitPriceFen: 1000,
    amountFen: 1000,
    channel: "alipay_h5",
    buyerId: "buyer-1",
    status: "pending" as const,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 1800_000),
    ...over,
  };
  await db().insert(orders).values(row);
  return row;
}

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app.close();
});

describe("sign-up", () => {
  it("creates the merchant as the CLI does and reports field errors in the form's words", async () => {
    const bad = await signUpAt({ email: "not-an-email", password: "password123", name: "" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(words(bad.fieldErrors)).toEqual({
      email: "Email must be a valid email address.",
      password: "Password is too common; choose a less guessable password.",
      name: "Company name is required.",
    });
    expect(words(bad.fieldErrors, zh)).toEqual({ email: "请输入有效的邮箱地址。", password: "密码过于常见，请换一个不易被猜到的密码。", name: "请填写公司名称。" });
    const short = await signUpAt({ email: "a@example.com", password: "aaaa", name: "A" });
    expect(!short.ok && words(short.fieldErrors, zh).password).toBe("密码至少需要 10 个字符。");
    const repetitive = await signUpAt({ email: "a@example.com", password: "abababababab", name: "A" });
    expect(!repetitive.ok && words(repetitive.fieldErrors).password).toBe("Password is too repetitive; choose a less guessable password.");
    const itself = await signUpAt({ email: "me@example.com", password: "me@example.com", name: "A" });
    expect(!itself.ok && words(itself.fieldErrors, zh).password).toBe("密码不能与邮箱相同。");

    const email = `dup-${Date.now()}@example.com`;
    const ok = await signUpAt({ email, password: PASSWORD, name: "Dup" });
    expect(ok.ok && ok.merchant.testSecretKey).toMatch(/^sk_test_/);
    if (!ok.ok) return;
    // Test keys and sandbox accounts exist, exactly as after `merchants create`.
    expect((await listPortalKeys(test(ok.merchant.merchantId))).map((k) => k.kind).sort()).toEqual(["publishable", "secret"]);
    const accounts = await listPortalChannelAccounts(test(ok.merchant.merchantId));
    expect(accounts.alipay?.sandbox).toBe(true);
    expect(accounts.wechatpay?.sandbox).toBe(true);
    expect(await revealWebhookSecret({ merchantId: ok.merchant.merchantId, livemode: false })).toBe(ok.merchant.webhookSecret);
    const live = await revealWebhookSecret({ merchantId: ok.merchant.merchantId, livemode: true });
    expect(live).toMatch(/^whsec_/);
    expect(live).not.toBe(ok.merchant.webhookSecret);

    const again = await signUpAt({ email: email.toUpperCase(), password: PASSWORD, name: "Dup 2" });
    expect(!again.ok && words(again.fieldErrors)).toEqual({ email: "An account with this email already exists. Sign in instead." });
    expect(!again.ok && words(again.fieldErrors, zh)).toEqual({ email: "该邮箱已注册，请直接登录。" });
  });
});

describe("goods from the form", () => {
  it("stores the yuan price as fen and validates with the API's schema", async () => {
    const m = await signUp();
    const form = (raw: Record<string, string>, t = en) => {
      const parsed = parseCreateGoodsForm(raw);
      return parsed.ok ? parsed : { ok: false, fieldErrors: words(parsed.fieldErrors, t) };
    };
    expect(form({ name: "", price: "1.999", notifyOrderPaid: "ftp://x" })).toEqual({
      ok: false,
      fieldErrors: {
        name: "Name is required.",
        price: "Price must be an amount in yuan with at most two decimals, e.g. 19.90.",
        notifyOrderPaid: "The “order paid” URL must be an absolute http(s) URL without credentials.",
      },
    });
    expect(form({ name: "", price: "1.999", notifyOrderPaid: "ftp://x" }, zh)).toEqual({
      ok: false,
      fieldErrors: {
        name: "请填写名称。",
        price: "价格须为以元为单位的金额，最多两位小数，例如 19.90。",
        notifyOrderPaid: "支付成功通知地址须为完整的 http(s) 地址，且不能包含用户名或密码。",
      },
    });
    expect(form({ name: "X", price: "" })).toMatchObject({ ok: false, fieldErrors: { price: "Price is required." } });
    // The schema's bounds are in fen; the merchant reads them in yuan.
    expect(form({ name: "X", price: "0" })).toMatchObject({ ok: false, fieldErrors: { price: "Price must be at least ¥0.01." } });
    // A negative price is not a format mistake: it says the price must be above zero.
    expect(form({ name: "X", price: "-5" })).toMatchObject({ ok: false, fieldErrors: { price: "Price must be above ¥0 (at least ¥0.01)." } });
    expect(form({ name: "X", price: "－5" }, zh)).toMatchObject({ ok: false, fieldErrors: { price: "价格必须大于 ¥0（至少 ¥0.01）。" } });
    // Typed with a Chinese input method: full-width digits and point.
    expect(form({ name: "X", price: "１９．９" })).toMatchObject({ ok: true, input: { price: 1990 } });
    expect(form({ name: "X", price: "1000000.01" })).toMatchObject({ ok: false, fieldErrors: { price: "Price must be at most ¥1,000,000.00." } });
    expect(form({ name: "X", price: "1000000.01" }, zh)).toMatchObject({ ok: false, fieldErrors: { price: "价格不能大于 ¥1,000,000.00。" } });

    const created = await createGoodsFromForm(test(m.merchantId), { name: "Tea", price: "1.15", notifyOrderCreated: "", notifyOrderPaid: "https://shop.example.com/paid" });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.goods).toMatchObject({ price: 115, livemode: false, notifyUrls: { orderCreated: null, orderPaid: "https://shop.example.com/paid" } });

    // Editing: an emptied URL is removed; the price changes for new orders.
    const updated = await updateGoodsFromForm(test(m.merchantId), created.goods.id, { name: "Tea", price: "2", notifyOrderPaid: "" });
    expect(updated.ok && updated.goods).toMatchObject({ price: 200, notifyUrls: { orderPaid: null } });

    // Other merchants and the other mode see nothing.
    const other = await signUp("Other");
    await expect(getPortalGoods(test(other.merchantId), created.goods.id)).rejects.toMatchObject({ type: "not_found" });
    await expect(getPortalGoods(live(m.merchantId), created.goods.id)).rejects.toMatchObject({ type: "not_found" });
    await expect(updateGoodsFromForm(test(other.merchantId), created.goods.id, { name: "Stolen", price: "1" })).rejects.toBeInstanceOf(ApiError);
    expect(await listPortalGoods(test(other.merchantId))).toEqual([]);
    expect(await listPortalGoods(live(m.merchantId))).toEqual([]);
    expect((await getPortalGoods(test(m.merchantId), created.goods.id)).name).toBe("Tea");
  });
});

describe("orders list and detail", () => {
  it("filters by status, channel, goods, buyer and Beijing dates, pages by cursor, and never mixes merchants or modes", async () => {
    const m = await signUp();
    const other = await signUp("Other");
    const g = await createGoodsFromForm(test(m.merchantId), { name: "A", price: "10" });
    const gLive = await createGoodsFromForm(live(m.merchantId), { name: "L", price: "10" });
    const gOther = await createGoodsFromForm(test(other.merchantId), { name: "O", price: "10" });
    if (!g.ok || !gLive.ok || !gOther.ok) throw new Error("goods");
    const base = Date.parse("2026-03-10T02:00:00Z"); // 10:00 in Beijing
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await insertOrder(test(m.merchantId), g.goods.id, {
          createdAt: new Date(base - i * 86_400_000),
          status: i % 3 === 0 ? "paid" : "pending",
          channel: i === 1 ? "wechat_h5" : "alipay_h5",
          buyerId: i === 2 ? "vip" : "buyer-1",
        }),
      );
    }
    await insertOrder(live(m.merchantId), gLive.goods.id, { createdAt: new Date(base) });
    await insertOrder(test(other.merchantId), gOther.goods.id, { createdAt: new Date(base) });

    const all = await listPortalOrders(test(m.merchantId), parseOrderFilters({}));
    expect(all.data.map((o) => o.id)).toEqual(made.map((o) => o.id));
    expect(all.data[0]?.goodsName).toBe("A");
    expect((await listPortalOrders(live(m.merchantId), parseOrderFilters({}))).data).toHaveLength(1);

    const ids = async (sp: Record<string, string>) => (await listPortalOrders(test(m.merchantId), parseOrderFilters(sp))).data.map((o) => o.id);
    expect(await ids({ status: "paid" })).toEqual([made[0]!.id, made[3]!.id, made[6]!.id]);
    expect(await ids({ channel: "wechat_h5" })).toEqual([made[1]!.id]);
    expect(await ids({ buyerId: "vip" })).toEqual([made[2]!.id]);
    expect(await ids({ goodsId: gOther.goods.id })).toEqual([]);
    expect(await ids({ from: "2026-03-08", to: "2026-03-09" })).toEqual([made[1]!.id, made[2]!.id]);
    // Malformed values are ignored rather than failing the page.
    expect(await ids({ status: "nonsense", from: "2026-02-31", channel: "" })).toHaveLength(7);

    const first = await listPortalOrders(test(m.merchantId), parseOrderFilters({}), 3);
    expect(first.hasMore).toBe(true);
    const second = await listPortalOrders(test(m.merchantId), parseOrderFilters({ startingAfter: first.data[2]!.id }), 3);
    expect(second.data.map((o) => o.id)).toEqual(made.slice(3, 6).map((o) => o.id));
    // Another merchant's order id as a cursor is ignored, not used to probe.
    const probe = await listPortalOrders(test(other.merchantId), parseOrderFilters({ startingAfter: made[0]!.id }));
    expect(probe.data).toHaveLength(1);
  });

  it("builds the timeline from channel requests, callbacks, status changes, events and delivery attempts", async () => {
    const m = await signUp();
    const g = await createGoodsFromForm(test(m.merchantId), { name: "T", price: "1" });
    if (!g.ok) throw new Error("goods");
    const t0 = Date.parse("2026-03-10T02:00:00Z");
    const at = (s: number) => new Date(t0 + s * 1000);
    const o = await insertOrder(test(m.merchantId), g.goods.id, { createdAt: at(0), status: "paid", paidAt: at(30) });
    await db().insert(channelRequests).values({ id: newId("req"), orderId: o.id, operation: "create", ok: true, result: "created", durationMs: 12, at: at(1) });
    await db().insert(channelCallbacks).values([
      { id: newId("cb"), channelAccountId: "ca_x", merchantId: m.merchantId, provider: "alipay", orderId: o.id, verified: false, outcome: "unverified", reason: "bad signature", headers: {}, rawBody: "x", receivedAt: at(20) },
      // Arrived on another merchant's callback URL naming this order: that merchant's record, not this one's.
      { id: newId("cb"), channelAccountId: "ca_y", merchantId: "mer_someoneelse", provider: "alipay", orderId: o.id, verified: false, outcome: "unverified", reason: "forged", headers: {}, rawBody: "z", receivedAt: at(21) },
      { id: newId("cb"), channelAccountId: "ca_x", merchantId: m.merchantId, provider: "alipay", orderId: o.id, verified: true, outcome: "applied", headers: {}, rawBody: "y", receivedAt: at(31) },
    ]);
    const evt = newId("evt");
    await db().insert(events).values({ id: evt, merchantId: m.merchantId, livemode: false, type: "order.paid", orderId: o.id, data: {}, createdAt: at(31) });
    const dlv = newId("dlv");
    await db().insert(webhookDeliveries).values({ id: dlv, eventId: evt, merchantId: m.merchantId, url: "https://shop.example.com/paid", urlHash: "a".repeat(64), status: "failed", attemptCount: 1, createdAt: at(31), updatedAt: at(40) });
    await db().insert(webhookAttempts).values({ id: newId("att"), deliveryId: dlv, eventId: evt, trigger: "automatic", at: at(32), statusCode: 500, latencyMs: 40, responseExcerpt: "boom" });
    await db().insert(webhookAttempts).values({ id: newId("att"), deliveryId: dlv, eventId: evt, trigger: "automatic", at: at(35), statusCode: null, latencyMs: 3, error: "ENOTFOUND: getaddrinfo ENOTFOUND shop.example.com" });

    const detail = await getOrderDetail(test(m.merchantId), o.id);
    expect(detail.timeline.map((t) => renderMessage(en, t.title))).toEqual([
      "Order created",
      "Payment created at the channel",
      "Callback received from Alipay",
      // The payment time (30 s) is before the callback (31 s) that told us: cause, then effect.
      "Callback received from Alipay",
      "Status → paid",
      "Event order.paid",
      "Delivery of order.paid failed",
      "Delivery of order.paid failed",
    ]);
    expect(detail.callbacks).toHaveLength(2);
    const detailIn = (i: number, t = en) => detail.timeline[i]!.detail.map((p) => (typeof p === "string" ? p : renderMessage(t, p))).join(" · ");
    expect(detail.timeline[2]?.tone).toBe("bad");
    expect(detailIn(2)).toBe("not verified, ignored · bad signature");
    expect(detailIn(2, zh)).toBe("验签未通过，已忽略 · bad signature");
    expect(detail.timeline[3]?.tone).toBe("good");
    expect(detailIn(3)).toBe("verified, applied");
    expect(detail.timeline[4]?.at).toEqual(at(30));
    expect(detailIn(6)).toContain("HTTP 500");
    // Node's error code is said in words.
    expect(detailIn(7)).toContain("The domain shop.example.com could not be resolved");
    expect(detailIn(7, zh)).toContain("无法解析域名 shop.example.com");
    expect(detailIn(7)).not.toContain("ENOTFOUND");
    expect(detailIn(0, zh)).toBe("支付宝 H5，买家 buyer-1");
    expect(detail.timeline.map((t) => renderMessage(zh, t.title))).toEqual([
      "订单已创建",
      "已向渠道下单",
      "收到支付宝回调",
      "收到支付宝回调",
      "状态 → 已支付",
      "事件 order.paid",
      "order.paid 投递失败",
      "order.paid 投递失败",
    ]);
    expect(detail.events[0]?.deliveries[0]?.attempts[0]?.responseExcerpt).toBe("boom");

    await expect(getOrderDetail(test((await signUp("Other")).merchantId), o.id)).rejects.toMatchObject({ type: "not_found" });
    await expect(getOrderDetail(live(m.merchantId), o.id)).rejects.toMatchObject({ type: "not_found" });

    // The dashboard counts the failed delivery; the webhooks list shows it with its last answer.
    const dash = await getDashboard(test(m.merchantId), at(60));
    expect(dash.failedDeliveries.count).toBe(1);
    expect(dash.failedDeliveries.recent[0]).toMatchObject({ orderId: o.id, type: "order.paid" });
    expect((await getDashboard(live(m.merchantId), at(60))).failedDeliveries.count).toBe(0);
    const deliveries = await listPortalDeliveries(test(m.merchantId), { status: "failed" });
    expect(deliveries.data).toHaveLength(1);
    expect(deliveries.data[0]).toMatchObject({ eventType: "order.paid", orderId: o.id, lastAttempt: { statusCode: null, error: "ENOTFOUND: getaddrinfo ENOTFOUND shop.example.com" } });
    expect((await listPortalDeliveries(live(m.merchantId))).data).toHaveLength(0);
  });
});

describe("dashboard", () => {
  it("counts orders and paid amounts per Beijing day over 14 days, and the success rate", async () => {
    const m = await signUp();
    const g = await createGoodsFromForm(test(m.merchantId), { name: "D", price: "1" });
    if (!g.ok) throw new Error("goods");
    const now = new Date("2026-03-10T15:30:00Z"); // 23:30 in Beijing on the 10th
    const owner = test(m.merchantId);
    await insertOrder(owner, g.goods.id, { createdAt: new Date("2026-03-10T15:00:00Z"), status: "paid", paidAt: new Date("2026-03-10T15:01:00Z"), amountFen: 1234 });
    // 00:30 on the 10th in Beijing is still the 9th in UTC: it counts for the 10th.
    await insertOrder(owner, g.goods.id, { createdAt: new Date("2026-03-09T16:30:00Z"), status: "paid", paidAt: new Date("2026-03-09T16:31:00Z"), amountFen: 100 });
    await insertOrder(owner, g.goods.id, { createdAt: new Date("2026-03-09T15:30:00Z"), status: "closed" });
    await insertOrder(owner, g.goods.id, { createdAt: new Date("2026-03-09T15:40:00Z"), status: "pending" });
    // Older than 14 days: not counted.
    await insertOrder(owner, g.goods.id, { createdAt: new Date("2026-02-01T00:00:00Z"), status: "paid", paidAt: new Date("2026-02-01T00:00:00Z"), amountFen: 99999 });

    const d = await getDashboard(owner, now);
    expect(d.days).toHaveLength(14);
    expect(d.today).toEqual({ day: "2026-03-10", orders: 2, paidOrders: 2, paidFen: 1334, refundedFen: 0 });
    expect(d.days[12]).toEqual({ day: "2026-03-09", orders: 2, paidOrders: 0, paidFen: 0, refundedFen: 0 });
    expect(d.totals).toMatchObject({ orders: 4, paidOrders: 2, paidFen: 1334 });
    expect(d.successRate).toBeCloseTo(2 / 3);
    expect((await getDashboard(live(m.merchantId), now)).successRate).toBeNull();

    // A checkout session where the buyer tried Alipay, switched to WeChat Pay and paid: the closed
    // Alipay order is superseded, not a failed payment. A session given up after two tries is one failure.
    const at = (iso: string) => new Date(iso);
    const cs1 = newId("cs");
    await insertOrder(owner, g.goods.id, { createdAt: at("2026-03-10T14:00:00Z"), status: "closed", checkoutSessionId: cs1 });
    await insertOrder(owner, g.goods.id, { createdAt: at("2026-03-10T14:01:00Z"), status: "paid", paidAt: at("2026-03-10T14:02:00Z"), checkoutSessionId: cs1 });
    const cs2 = newId("cs");
    await insertOrder(owner, g.goods.id, { createdAt: at("2026-03-10T14:10:00Z"), status: "closed", checkoutSessionId: cs2 });
    await insertOrder(owner, g.goods.id, { createdAt: at("2026-03-10T14:11:00Z"), status: "closed", checkoutSessionId: cs2 });
    const withSessions = await getDashboard(owner, now);
    expect(withSessions.totals).toMatchObject({ closedOrders: 4, supersededOrders: 2 });
    // Each session is one order on the dashboard, however many orders its buyer's switches made.
    expect(withSessions.today.orders).toBe(4);
    // paid 3 (two before, one session) of decided 3 + 1 (the earlier closed order) + 1 (the given-up session).
    expect(withSessions.successRate).toBeCloseTo(3 / 5);
    // The order list marks the superseded ones and names their session; the given-up session's last order is a real failure.
    const listed = (await listPortalOrders(owner, parseOrderFilters({ status: "closed" }), 50)).data;
    const bySession = (cs: string) => listed.filter((o) => o.checkoutSessionId === cs).map((o) => o.superseded);
    expect(bySession(cs1)).toEqual([true]);
    expect(bySession(cs2)).toEqual([false, true]);
    expect(listed.filter((o) => !o.checkoutSessionId).map((o) => o.superseded)).toEqual([false]);
  });
});

describe("dashboard and order page with refunds", () => {
  it("counts paid amounts net of refunds (by refund day), and the order page lists refunds, the refundable rest and their timeline", async () => {
    const m = await signUp();
    const g = await createGoodsFromForm(test(m.merchantId), { name: "R", price: "1" });
    if (!g.ok) throw new Error("goods");
    const owner = test(m.merchantId);
    const now = new Date("2026-03-10T10:00:00Z");
    const o = await insertOrder(owner, g.goods.id, { createdAt: new Date("2026-03-10T09:00:00Z"), status: "paid", paidAt: new Date("2026-03-10T09:01:00Z"), amountFen: 1000, amountRefundedFen: 300, refundReservedFen: 500 });
    const base = { merchantId: m.merchantId, livemode: false, orderId: o.id, currency: "CNY", createdAt: new Date("2026-03-10T09:30:00Z") };
    await db().insert(refunds).values([
      { ...base, id: newId("re"), amountFen: 300, status: "succeeded", succeededAt: new Date("2026-03-10T09:31:00Z"), reason: "broken" },
      { ...base, id: newId("re"), amountFen: 200, status: "pending", createdAt: new Date("2026-03-10T09:30:01Z") },
      { ...base, id: newId("re"), amountFen: 100, status: "failed", createdAt: new Date("2026-03-10T09:30:02Z"), failedAt: new Date("2026-03-10T09:32:00Z"), failureCode: "ABNORMAL", failureMessage: "x" },
    ]);
    const d = await getDashboard(owner, now);
    expect(d.today).toMatchObject({ paidOrders: 1, paidFen: 700, refundedFen: 300 });
    expect(d.totals).toMatchObject({ paidFen: 700, refundedFen: 300 });

    const detail = await getOrderDetail(owner, o.id);
    expect(detail.order.amountRefunded).toBe(300);
    expect(detail.refundable).toBe(500);
    expect(detail.refunds.map((r) => r.status)).toEqual(["succeeded", "pending", "failed"]);
    const titles = detail.timeline.filter((e) => e.kind === "refund").map((e) => renderMessage(en, e.title));
    expect(titles).toEqual(expect.arrayContaining(["Refund ¥3.00 succeeded", "Refund ¥2.00 requested", "Refund ¥1.00 failed"]));
    expect(detail.timeline.filter((e) => e.kind === "refund").map((e) => renderMessage(zh, e.title))).toContain("退款 ¥3.00 成功");
    // Another merchant sees none of it.
    const other = await signUp();
    await expect(getOrderDetail(test(other.merchantId), o.id)).rejects.toThrow();
  });
});

describe("channels from the form", () => {
  it("turns bad keys into field errors in the console's words and keeps a saved secret when left blank", async () => {
    const m = await signUp();
    const owner = live(m.merchantId);
    const save = async (provider: "alipay" | "wechatpay", raw: Record<string, string>) => {
      const result = await saveChannelAccountFromForm(owner, provider, raw);
      if (result.ok) throw new Error("expected field errors");
      return { en: words(result.fieldErrors), zh: words(result.fieldErrors, zh) };
    };
    const badPem = await save("alipay", { appId: "2021000000000001", privateKey: "-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----", alipayPublicKey: "x" });
    expect(badPem.en).toEqual({ privateKey: expect.stringMatching(/^App private key \(应用私钥\) is not a readable PEM private key\. Paste the whole key/) });
    expect(badPem.zh).toEqual({ privateKey: expect.stringMatching(/^应用私钥不是可识别的 PEM 私钥。请粘贴完整密钥/) });
    const badId = await save("alipay", { appId: "abc", privateKey: "k", alipayPublicKey: "k" });
    expect(badId.en).toMatchObject({ appId: "App ID (APPID) must be the digits of your Alipay app id, e.g. 2021000000000001." });
    expect(badId.zh).toMatchObject({ appId: "应用 ID（APPID）应为支付宝应用 ID 的数字，例如 2021000000000001。" });
    const shortV3 = await save("wechatpay", { appId: "wx1234567890abcdef", mchId: "1900000001", serialNo: "ABCDEF01", privateKey: "k", apiV3Key: "short", platformPublicKey: "k" });
    expect(shortV3.en).toMatchObject({ apiV3Key: expect.stringMatching(/^APIv3 key must be exactly 32 characters/) });
    expect(shortV3.zh).toMatchObject({ apiV3Key: "APIv3 密钥须为 32 个字符（即在微信支付商户平台设置的 APIv3 密钥）。" });

    const pem = (k: ReturnType<typeof generateKeyPairSync>) => ({
      priv: k.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      pub: k.publicKey.export({ format: "pem", type: "spki" }).toString(),
    });
    const app = pem(generateKeyPairSync("rsa", { modulusLength: 2048 }));
    const alipay = pem(generateKeyPairSync("rsa", { modulusLength: 2048 }));
    const mixedUp = await save("alipay", { appId: "2021000000000001", privateKey: app.priv, alipayPublicKey: app.pub });
    expect(mixedUp.en.alipayPublicKey).toBe(
      "Alipay public key (支付宝公钥) is the public half of your own app private key. Paste the Alipay public key (支付宝公钥) from the Alipay console instead.",
    );
    expect(mixedUp.zh.alipayPublicKey).toBe("填入的支付宝公钥是你自己应用私钥对应的公钥。请改为粘贴支付宝开放平台中的「支付宝公钥」。");
    const wechatMixedUp = await save("wechatpay", { appId: "wx1234567890abcdef", mchId: "1900000001", serialNo: "ABCDEF01", privateKey: app.priv, apiV3Key: "k".repeat(32), platformPublicKey: app.pub, platformPublicKeyId: "PUB_KEY_ID_01" });
    expect(wechatMixedUp.zh.platformPublicKey).toBe("填入的微信支付平台公钥或平台证书是你自己商户私钥对应的公钥。请改为粘贴微信支付平台公钥（或平台证书）。");
    const noKeyId = await save("wechatpay", { appId: "wx1234567890abcdef", mchId: "1900000001", serialNo: "ABCDEF01", privateKey: app.priv, apiV3Key: "k".repeat(32), platformPublicKey: alipay.pub });
    expect(noKeyId.zh.platformPublicKeyId).toBe("使用平台公钥时必须填写平台公钥 ID，形如 PUB_KEY_ID_0112345678901234567890。");
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const tooShort = await save("alipay", { appId: "2021000000000001", privateKey: small, alipayPublicKey: alipay.pub });
    expect(tooShort.zh.privateKey).toMatch(/^应用私钥长度至少为 2048 位，当前为 1024 位。请粘贴完整密钥/);
    expect(tooShort.en.privateKey).toMatch(/^App private key \(应用私钥\) must be at least 2048 bits; this one is 1024\. Paste the whole key/);

    const saved = await saveChannelAccountFromForm(owner, "alipay", { appId: "2021000000000001", privateKey: app.priv, alipayPublicKey: alipay.pub });
    expect(saved.ok).toBe(true);
    expect(saved.ok && saved.account.privateKey).toBe("********");
    // Change only the app id; the private key field left empty keeps the stored key.
    const edited = await saveChannelAccountFromForm(owner, "alipay", { appId: "2021000000000002", privateKey: "", alipayPublicKey: alipay.pub });
    expect(edited.ok).toBe(true);
    const loaded = await loadChannelAccountOrThrow({ merchantId: m.merchantId, livemode: true }, "alipay");
    expect(loaded.publicConfig.appId).toBe("2021000000000002");
    expect(loaded.secrets.privateKey?.replace(/\s/g, "")).toBe(app.priv.replace(/\s/g, ""));
    // Live accounts only in live mode; the sandbox ones stay as they were.
    const listed = await listPortalChannelAccounts(owner);
    expect(listed.alipay?.sandbox).toBe(false);
    // The edit was a rotation: two versions, the newer current, neither serving an open order.
    expect(listed.alipay?.versions.map((v) => [v.version, v.current, v.openOrders])).toEqual([
      [2, true, 0],
      [1, false, 0],
    ]);
    expect(listed.alipay?.credentialVersion).toBe(2);
    expect(JSON.stringify(listed)).not.toContain("PRIVATE KEY");
    expect((await listPortalChannelAccounts(test(m.merchantId))).alipay?.sandbox).toBe(true);
  });
});

describe("API keys", () => {
  it("lists and creates keys of the current mode only, and revokes only the owner's", async () => {
    const m = await signUp();
    const other = await signUp("Other");
    const liveKey = await createPortalKey(live(m.merchantId), "secret");
    expect(liveKey.key).toMatch(/^sk_live_/);
    expect((await listPortalKeys(live(m.merchantId))).map((k) => k.id)).toEqual([liveKey.id]);
    expect((await listPortalKeys(test(m.merchantId))).every((k) => !k.livemode)).toBe(true);
    expect(await revokePortalKey(test(other.merchantId), liveKey.id)).toBe(false);
    expect(await revokePortalKey(test(m.merchantId), liveKey.id)).toBe(false); // other mode
    expect(await revokePortalKey(live(m.merchantId), liveKey.id)).toBe(true);
    expect((await listPortalKeys(live(m.merchantId)))[0]?.revokedAt).not.toBeNull();
  });
});

describe("try a test payment", () => {
  it("creates a test-mode checkout session and hands back the hosted checkout's URL", async () => {
    const m = await signUp("Test payer");
    // Even a live goods id cannot be used: the button only ever makes test orders.
    const liveGoods = await createGoodsFromForm(live(m.merchantId), { name: "Live", price: "1" });
    if (!liveGoods.ok) throw new Error("goods");
    await expect(startTestPayment(m.merchantId, liveGoods.goods.id)).rejects.toMatchObject({ type: "not_found" });

    const g = await createGoodsFromForm(test(m.merchantId), { name: "Sample", price: "0.5" });
    if (!g.ok) throw new Error("goods");
    const started = await startTestPayment(m.merchantId, g.goods.id);
    // The hosted checkout the merchant's buyers see, not the sandbox cashier directly.
    expect(started.payUrl).toBe(`${app.base}/checkout/${started.sessionId}`);
    const [session] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.id, started.sessionId));
    expect(session).toMatchObject({ merchantId: m.merchantId, livemode: false, amountFen: 50, status: "open", successUrl: `${app.base}/orders` });
  });
});
