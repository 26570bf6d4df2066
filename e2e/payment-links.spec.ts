import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { expect as baseExpect, test, type Locator, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { closeDb, db } from "../lib/db/client";
import { checkoutSessions, orders } from "../lib/db/schema";
import { translatorFor } from "../lib/i18n/messages";

/**
 * Payment links as buyers and merchants meet them: one link opened inside WeChat (OAuth, JSAPI),
 * inside Alipay (wap pay), on a desktop (QR codes); the portal's page that creates a link, offers its
 * QR code as PNG and SVG, and deactivates it (the link then answers 410).
 * Screenshots land in e2e/artifacts/payment-link-*.png.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const expect = baseExpect.configure({ timeout: 30_000 });
test.use({ actionTimeout: 30_000 });
const PASSWORD = "a long e2e passphrase";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const WECHAT_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
const ALIPAY_UA =
  "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 AlipayChannelId/5136 AlipayClient/10.6.0.8000 Language/zh-Hans";

type Shop = { email: string; testSecretKey: string; goodsId: string };
let shop: Shop;

test.beforeAll(async ({ request }) => {
  const email = `links-${Date.now()}@example.com`;
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", email, "--password", PASSWORD, "--name", "小满咖啡"], { cwd: root, env: process.env });
  const m = JSON.parse(out.toString()) as { testSecretKey: string };
  const goods = await request.post("/api/v1/goods", { headers: { Authorization: `Bearer ${m.testSecretKey}` }, data: { name: "拿铁 Latte", price: 1 } });
  shop = { email, testSecretKey: m.testSecretKey, goodsId: ((await goods.json()) as { id: string }).id };
});
test.afterAll(async () => closeDb());

async function newLink(page: Page, body: Record<string, unknown> = {}) {
  const res = await page.request.post("/api/v1/payment-links", { headers: { Authorization: `Bearer ${shop.testSecretKey}` }, data: { goodsId: shop.goodsId, ...body } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; url: string };
}

/** The one order a link's visit made (the tests open each link once). */
async function orderOfLink(linkId: string) {
  const rows = await db().select({ order: orders }).from(orders).innerJoin(checkoutSessions, eq(checkoutSessions.id, orders.checkoutSessionId)).where(eq(checkoutSessions.paymentLinkId, linkId));
  expect(rows).toHaveLength(1);
  return rows[0]!.order;
}

async function payInSandbox(page: Page) {
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/);
  // The sandbox cashier speaks the browser's language, as the apps do.
  await page.getByRole("button", { name: /^(确认付款|Pay) ¥0\.01$/ }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_[^/]+\/return/);
  await expect(page.getByTestId("state-success")).toBeVisible();
}

test("inside WeChat: the link goes through OAuth to a JSAPI payment; the order's buyerId is the payer's openid", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: PHONE, userAgent: WECHAT_UA, locale: "zh-CN" });
  const page = await context.newPage();
  const link = await newLink(page, { successUrl: `${baseURL}/?from=link` });
  await page.goto(link.url);
  await payInSandbox(page);
  await page.screenshot({ path: path.join(ARTIFACTS, "payment-link-wechat-success.png"), fullPage: true });
  await page.waitForURL(/from=link/, { timeout: 15_000 });
  const order = await orderOfLink(link.id);
  expect(order).toMatchObject({ channel: "wechat_jsapi", status: "paid" });
  expect(order.openId).toMatch(/^o/);
  expect(order.buyerId).toBe(order.openId);
  expect(new URL(page.url()).searchParams.get("orderId")).toBe(order.id);
  await context.close();
});

test("inside Alipay: the link goes straight to Alipay's wap pay; paid, the order's buyerId is Alipay's buyer id", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, userAgent: ALIPAY_UA, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  const link = await newLink(page);
  await page.goto(link.url);
  await payInSandbox(page);
  // No successUrl: the buyer ends on payrelay's own paid page.
  await expect(page.getByTestId("state-done")).toBeVisible();
  await expect(page.getByText("支付成功")).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "payment-link-alipay-done.png"), fullPage: true });
  const order = await orderOfLink(link.id);
  expect(order).toMatchObject({ channel: "alipay_h5", status: "paid" });
  expect(order.buyerId).toMatch(/^2088\d+$/);
  await expect(page.getByTestId("order-id")).toHaveText(order.id);
  await context.close();
});

async function decodeQr(code: Locator): Promise<string> {
  const png = PNG.sync.read(await code.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error("no QR code in the screenshot");
  return found.data;
}

test("on a desktop: the link shows the QR codes of a session of its own", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  const link = await newLink(page);
  await page.goto(link.url);
  await expect(page).toHaveURL(/\/checkout\/cs_\w+$/);
  await expect(page.getByText("请使用手机扫码支付")).toBeVisible();
  expect(await decodeQr(page.getByRole("img", { name: "微信扫一扫" }))).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
  expect(await decodeQr(page.getByRole("img", { name: "支付宝扫一扫" }))).toMatch(new RegExp(`^${baseURL}/sandbox/pay/sbt_\\w+$`));
  await page.screenshot({ path: path.join(ARTIFACTS, "payment-link-desktop.png"), fullPage: true });
  const first = page.url();
  // Another visit is another session.
  await page.goto(link.url);
  await expect(page.getByText("请使用手机扫码支付")).toBeVisible();
  expect(page.url()).not.toBe(first);
  await context.close();
});

test("the portal creates a link, offers its QR code as PNG and SVG, and deactivates it", async ({ browser }) => {
  test.setTimeout(180_000);
  const t = translatorFor("en");
  const context = await browser.newContext({ viewport: DESKTOP, locale: "en-US", acceptDownloads: true, extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" } });
  const page = await context.newPage();
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const field = (label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`));
  await page.goto("/signin");
  await field(t("auth.email")).fill(shop.email);
  await field(t("auth.password")).fill(PASSWORD);
  await page.getByRole("button", { name: t("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByRole("heading", { name: t("dashboard.title") })).toBeVisible();
  await page.getByRole("navigation", { name: t("nav.label") }).getByRole("link", { name: t("nav.paymentLinks") }).click();
  await expect(page.getByRole("heading", { name: t("paymentLinks.title") })).toBeVisible();

  const form = page.getByTestId("payment-link-form");
  await field(t("paymentLinks.form.quantity")).fill("2");
  await field(t("paymentLinks.form.successUrl")).fill("not a url");
  await form.getByRole("button", { name: t("paymentLinks.form.create") }).click();
  await expect(page.locator("#f-successUrl-error")).toBeVisible();
  await field(t("paymentLinks.form.successUrl")).fill("");
  await form.getByRole("button", { name: t("paymentLinks.form.create") }).click();
  await expect(page.getByText(t("paymentLinks.created"))).toBeVisible();

  const rows = page.getByTestId("payment-link-row");
  const row = rows.filter({ hasText: t("paymentLinks.quantity", { quantity: 2, amount: "¥0.02" }) }).first();
  await expect(row).toContainText("拿铁 Latte");
  await expect(row.getByTestId("payment-link-status")).toHaveText(t("paymentLinks.active"));
  const url = (await row.getByTestId("payment-link-url").textContent())!;
  expect(url).toMatch(/\/l\/plink_\w+$/);
  await expect(row.getByRole("button", { name: t("paymentLinks.copy") })).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "payment-link-portal.png"), fullPage: true });

  const [png] = await Promise.all([page.waitForEvent("download"), row.getByTestId("download-png").click()]);
  expect(png.suggestedFilename()).toMatch(/^plink_\w+\.png$/);
  const image = PNG.sync.read(fs.readFileSync(await png.path()));
  expect(image.width).toBeGreaterThanOrEqual(1000);
  expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(url);
  const [svg] = await Promise.all([page.waitForEvent("download"), row.getByTestId("download-svg").click()]);
  expect(svg.suggestedFilename()).toMatch(/^plink_\w+\.svg$/);
  expect(fs.readFileSync(await svg.path(), "utf8")).toMatch(/^<svg[^>]*viewBox/);

  await row.getByRole("button", { name: t("paymentLinks.deactivate") }).click();
  await expect(row.getByTestId("payment-link-status")).toHaveText(t("paymentLinks.inactive"));
  const gone = await page.request.get(url, { maxRedirects: 0 });
  expect(gone.status()).toBe(410);
  const buyer = await context.newPage();
  await buyer.goto(url);
  await expect(buyer.getByText("This payment link is no longer valid")).toBeVisible();
  await buyer.screenshot({ path: path.join(ARTIFACTS, "payment-link-gone.png"), fullPage: true });
  await context.close();
});
