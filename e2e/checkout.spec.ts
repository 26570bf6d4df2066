import path from "node:path";
import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Locator } from "@playwright/test";
import { closeDb, db } from "../lib/db/client";
import { checkoutSessions } from "../lib/db/schema";

/**
 * The hosted checkout as an end user meets it on a phone: session created by API, the page, a
 * channel, the sandbox cashier, back to "confirming", success, and on to the merchant's successUrl.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
// The page tells phones from desktops by User-Agent (a desktop gets QR codes), so a phone test says it is one.
const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const WECHAT_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";

type Shop = { testSecretKey: string; testPublishableKey: string; goodsId: string };
let shop: Shop;

test.beforeAll(async ({ request }) => {
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", `checkout-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "小满咖啡"], { cwd: root, env: process.env });
  const m = JSON.parse(out.toString()) as { testSecretKey: string; testPublishableKey: string };
  const goods = await request.post("/api/v1/goods", { headers: { Authorization: `Bearer ${m.testSecretKey}` }, data: { name: "拿铁 Latte", price: 1 } });
  shop = { ...m, goodsId: ((await goods.json()) as { id: string }).id };
  // Publishable-key sessions return only to the merchant's listed domains: here, the app itself.
  const domains = await request.put("/api/v1/redirect-domains", { headers: { Authorization: `Bearer ${m.testSecretKey}` }, data: { domains: ["127.0.0.1"] } });
  expect(domains.status()).toBe(200);
});
test.afterAll(async () => closeDb());

async function session(request: APIRequestContext, baseURL: string) {
  const res = await request.post("/api/v1/checkout-sessions", {
    headers: { Authorization: `Bearer ${shop.testPublishableKey}` },
    data: { goodsId: shop.goodsId, quantity: 1, buyerId: "15705420001", attach: "e2e", successUrl: `${baseURL}/?from=checkout` },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; url: string };
}

async function payInSandboxAndReturn(page: Page, shot: string) {
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/);
  // The cashier speaks the buyer's language (Chinese unless the browser prefers English).
  await page.getByRole("button", { name: /^(确认付款|Pay) ¥0\.01$/ }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_[^/]+\/return/);
  await expect(page.getByTestId("state-success")).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(ARTIFACTS, shot), fullPage: true });
  await page.waitForURL(/from=checkout/, { timeout: 10_000 });
  expect(new URL(page.url()).searchParams.get("orderId")).toMatch(/^ord_/);
}

test("Alipay on a phone: page → Alipay → sandbox cashier → Pay → confirming → success → successUrl", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: PHONE, userAgent: PHONE_UA, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  const cs = await session(context.request, baseURL!);
  await page.goto(cs.url);
  await expect(page.getByTestId("merchant")).toHaveText("小满咖啡");
  await expect(page.getByTestId("amount")).toHaveText("¥0.01");
  await expect(page.getByTestId("test-mode")).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-zh.png"), fullPage: true });
  await page.getByRole("button", { name: "支付宝" }).click();
  await payInSandboxAndReturn(page, "checkout-success.png");
  // Opening the paid session again says so.
  await page.goto(cs.url);
  await expect(page.getByTestId("state-paid")).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-already-paid.png"), fullPage: true });
  await context.close();
});

test("WeChat Pay H5 on a phone, in English", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: PHONE, userAgent: PHONE_UA, extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9,zh;q=0.5" } });
  const page = await context.newPage();
  const cs = await session(context.request, baseURL!);
  await page.goto(cs.url);
  await expect(page.getByText("Choose how to pay")).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-en.png"), fullPage: true });
  await page.getByRole("button", { name: "WeChat Pay" }).click();
  await payInSandboxAndReturn(page, "checkout-wechat-h5-success.png");
  await context.close();
});

test("inside WeChat: OAuth for the openid, JSAPI through the stand-in bridge", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: PHONE, userAgent: WECHAT_UA, locale: "zh-CN" });
  const page = await context.newPage();
  const cs = await session(context.request, baseURL!);
  await page.goto(cs.url);
  await expect(page.getByRole("button", { name: "支付宝" })).toHaveCount(0);
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-in-wechat.png"), fullPage: true });
  await page.getByRole("button", { name: "微信支付" }).click();
  await payInSandboxAndReturn(page, "checkout-jsapi-success.png");
  await context.close();
});

test("an expired session says the payment link is no longer valid, with 410 Gone", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: PHONE, userAgent: PHONE_UA, locale: "zh-CN" });
  const page = await context.newPage();
  const cs = await session(context.request, baseURL!);
  await db().update(checkoutSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(checkoutSessions.id, cs.id));
  const res = await page.goto(cs.url);
  expect(res?.status()).toBe(410);
  await expect(page.getByTestId("state-gone")).toContainText("支付链接已失效");
  // The return page of an expired session says the same (a buyer coming back late from the channel).
  expect((await page.goto(`${new URL(cs.url).pathname}/return`))?.status()).toBe(410);
  await expect(page.getByTestId("state-gone")).toContainText("支付链接已失效");
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-expired.png"), fullPage: true });
  // The gone page of a session that is still open sends the buyer back to it.
  const open = await session(context.request, baseURL!);
  const back = await page.goto(`${new URL(open.url).pathname}/gone`);
  expect(back?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe(new URL(open.url).pathname);
  await context.close();
});

/** Reads a QR code the way a phone camera does: from the pixels on screen, not from the page's markup. */
async function decodeQr(code: Locator): Promise<string> {
  const png = PNG.sync.read(await code.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error("no QR code in the screenshot");
  return found.data;
}

test("desktop: a QR code per channel, scanned and paid with a phone; the page moves on by itself", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  const cs = await session(context.request, baseURL!);
  await page.goto(cs.url);
  await expect(page.getByTestId("amount")).toHaveText("¥0.01");
  await expect(page.getByText("请使用手机扫码支付")).toBeVisible();
  await expect(page.getByTestId("countdown")).toContainText(/剩余支付时间 (29|30):\d\d/);
  await expect(page.getByRole("button", { name: "在电脑上登录支付宝付款" })).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-desktop-zh.png"), fullPage: true });

  const wechat = await decodeQr(page.getByRole("img", { name: "微信扫一扫" }));
  expect(wechat).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
  const alipay = await decodeQr(page.getByRole("img", { name: "支付宝扫一扫" }));
  expect(alipay).toMatch(new RegExp(`^${baseURL}/sandbox/pay/sbt_\\w+$`));

  // The buyer's phone: WeChat scans the code (the sandbox's scanner stands in) and pays.
  const phone = await context.newPage();
  await phone.goto(`/sandbox/scan?code=${encodeURIComponent(wechat)}`);
  await expect(phone).toHaveURL(/\/sandbox\/pay\/sbt_/);
  await expect(phone.getByTestId("amount")).toHaveText("¥0.01");
  await phone.getByRole("button", { name: /^确认付款 ¥0\.01$/ }).click();
  await expect(phone.getByTestId("status")).toHaveText("支付成功");

  // Nobody touches the desktop page: it notices the payment and moves on.
  await expect(page.getByTestId("state-success")).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-desktop-success.png"), fullPage: true });
  await page.waitForURL(/from=checkout/, { timeout: 10_000 });
  expect(new URL(page.url()).searchParams.get("orderId")).toMatch(/^ord_/);
  // The Alipay code of the same session can no longer be paid.
  await phone.goto(alipay);
  await expect(phone.getByTestId("not-payable")).toBeVisible();
  await context.close();
});

test("desktop in English: the Alipay QR code opened by a phone camera pays the order", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: DESKTOP, extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" } });
  const page = await context.newPage();
  const cs = await session(context.request, baseURL!);
  await page.goto(cs.url);
  await expect(page.getByText("Scan with your phone to pay")).toBeVisible();
  await expect(page.getByTestId("countdown")).toContainText(/Time left to pay \d\d:\d\d/);
  await page.screenshot({ path: path.join(ARTIFACTS, "checkout-desktop-en.png"), fullPage: true });
  const alipay = await decodeQr(page.getByRole("img", { name: "Scan with Alipay" }));
  const phone = await context.newPage();
  await phone.goto(alipay);
  await phone.getByRole("button", { name: /^Pay ¥0\.01$/ }).click();
  await expect(page.getByTestId("state-success")).toBeVisible({ timeout: 30_000 });
  await page.waitForURL(/from=checkout/, { timeout: 10_000 });
  await context.close();
});
