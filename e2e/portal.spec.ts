import path from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { translatorFor } from "../lib/i18n/messages";
import { messages as checkoutWords } from "../lib/checkout/i18n";
import { isLocale, type Locale } from "../lib/i18n/locales";
import type { Translate } from "../lib/i18n/message";

/**
 * The merchant portal, the way a new merchant uses it: sign up, create goods with a notify URL,
 * see the test keys, try a test payment, pay in the sandbox cashier, and find the order paid with
 * its callback and its notification (then resend it). A second merchant cannot open any of it.
 *
 * It runs once per language (playwright.config.ts: the portal-zh-CN and portal-en projects, whose
 * browsers send Accept-Language for zh-CN and en-US): every label, button and sentence it looks for
 * comes from that language's message file. Screenshots land in e2e/artifacts/portal-<locale>-*.png.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let receiver: http.Server;
let hookBase = "";
let locale: Locale = "en";
let t: Translate = translatorFor("en");

/** A field by its whole label (a required field's label ends in an aria-hidden " *"). */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `portal-${locale}-${name}.png`), fullPage: true });

test.beforeAll(async ({}, testInfo) => {
  const wanted = testInfo.project.metadata.locale;
  if (!isLocale(wanted)) throw new Error(`project ${testInfo.project.name} names no portal locale`);
  locale = wanted;
  t = translatorFor(locale);
  // The merchant's server: records every notification and answers 200 with a short body.
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok from the merchant");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

const PASSWORD = "a long e2e passphrase";
const shared = { goodsId: "", orderId: "", email: "" };

test.describe.configure({ mode: "serial" });

test("a new merchant signs up, creates goods, pays a test order and sees its callback and notification", async ({ page }) => {
  test.setTimeout(180_000);
  shared.email = `portal-${locale}-${Date.now()}@example.com`;
  const label = (key: Parameters<Translate>[0]) => field(page, t(key));

  // The browser's language decides, with no choice made yet.
  await page.goto("/");
  await expect(page.locator("main")).toHaveAttribute("lang", locale);
  await page.getByRole("link", { name: t("home.createAccount") }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("heading", { name: t("auth.signUp.title") })).toBeVisible();

  // The password rules are the CLI's: a trivial one gets an error next to the field.
  await label("auth.signUp.companyName").fill("Portal Tea House");
  await label("auth.email").fill(shared.email);
  await label("auth.password").fill("password123");
  await page.getByRole("button", { name: t("auth.signUp.submit"), exact: true }).click();
  await expect(page.locator("#f-password-error")).toHaveText(t("auth.signUp.errors.passwordTooCommon", { field: t("auth.password") }));
  await expect(label("auth.password")).toHaveAttribute("aria-invalid", "true");

  await label("auth.password").fill(PASSWORD);
  await page.getByRole("button", { name: t("auth.signUp.submit"), exact: true }).click();
  const keys = page.getByTestId("signup-keys");
  await expect(keys).toBeVisible();
  await expect(keys.getByTestId("new-key").first()).toHaveText(/^sk_test_[0-9A-Za-z]{32}$/);
  await expect(keys.getByTestId("new-key").nth(1)).toHaveText(/^pk_test_[0-9A-Za-z]{32}$/);
  await shot(page, "signup-keys");
  await page.getByRole("link", { name: t("auth.signUp.continue") }).click();
  await expect(page.getByRole("heading", { name: t("dashboard.title") })).toBeVisible();
  await expect(page.getByTestId("test-mode-banner")).toHaveText(t("common.testModeBanner"));
  await expect(page).toHaveTitle(`${t("meta.dashboard")} · payrelay`);

  // Goods: a bad price is refused next to the field; a good one is stored and shown in yuan.
  const nav = page.getByRole("navigation", { name: t("nav.label") });
  await nav.getByRole("link", { name: t("nav.goods") }).click();
  await expect(page.getByText(t("goods.empty", { mode: "test" }))).toBeVisible();
  await page.getByRole("link", { name: t("goods.new") }).first().click();
  await label("goods.form.name").fill("Jasmine tea");
  await label("goods.form.price").fill("12.345");
  await label("goods.form.orderCreated").fill(`${hookBase}/hooks/created`);
  await label("goods.form.orderPaid").fill("not a url");
  await page.getByRole("button", { name: t("goods.create") }).click();
  await expect(page.locator("#f-price-error")).toHaveText(t("goods.errors.priceFormat"));
  await expect(page.locator("#f-notifyOrderPaid-error")).toHaveText(t("goods.errors.notifyUrl", { field: t("goods.errors.orderPaidUrl") }));
  await shot(page, "goods-errors");
  await label("goods.form.price").fill("12.34");
  await label("goods.form.orderPaid").fill(`${hookBase}/hooks/paid`);
  await page.getByRole("button", { name: t("goods.create") }).click();
  await expect(page).toHaveURL(/\/goods\?created=goods_/);
  shared.goodsId = new URL(page.url()).searchParams.get("created")!;
  const goodsTable = page.getByRole("table", { name: t("goods.table") });
  await expect(goodsTable).toContainText("Jasmine tea");
  await expect(goodsTable).toContainText("¥12.34");
  await expect(goodsTable).toContainText(t("goods.active"));
  await shot(page, "goods");

  // The edit form shows the price in yuan and says a change applies to new orders only.
  await page.getByRole("link", { name: "Jasmine tea" }).click();
  await expect(label("goods.form.price")).toHaveValue("12.34");
  await expect(page.getByText(t("goods.priceNote"))).toBeVisible();

  // API keys: the two test keys made at sign-up, the secret one by prefix only, the publishable one in full.
  await nav.getByRole("link", { name: t("nav.keys") }).click();
  await expect(page.getByTestId("key-row")).toHaveCount(2);
  const keyList = page.getByRole("list", { name: t("keys.table") });
  await expect(keyList).toContainText("sk_test_");
  await expect(keyList.getByTestId("publishable-key")).toHaveText(/^pk_test_[0-9A-Za-z]{32}$/);
  await expect(keyList).toContainText(t("labels.keyKind.publishable"));

  // Redirect domains for publishable-key checkout sessions: a wrong entry is named, a right list is kept.
  const domains = page.getByTestId("redirect-domains");
  await expect(page.getByRole("heading", { name: t("keys.redirectTitle") })).toBeVisible();
  await field(page, t("keys.redirectLabel")).fill("https://shop.example.com/path");
  await domains.getByRole("button", { name: t("keys.redirectSave") }).click();
  await expect(domains.getByRole("alert")).toHaveText(t("keys.redirectInvalid", { entry: "https://shop.example.com/path" }));
  await field(page, t("keys.redirectLabel")).fill("Shop.Example.com\n*.cdn.example.com");
  await domains.getByRole("button", { name: t("keys.redirectSave") }).click();
  await expect(domains.getByText(t("keys.redirectSaved"))).toBeVisible();
  await page.reload();
  await expect(field(page, t("keys.redirectLabel"))).toHaveValue("shop.example.com\n*.cdn.example.com");
  await shot(page, "keys");

  // Try a test payment → the hosted checkout buyers see (QR codes on this desktop; Alipay's PC page
  // instead of scanning) → the sandbox cashier → Pay. The same call for the merchant's own page is
  // shown filled in with their publishable key and the goods.
  await nav.getByRole("link", { name: t("nav.dashboard") }).click();
  await label("dashboard.testPayment.goods").selectOption(shared.goodsId);
  await page.getByText(t("dashboard.testPayment.apiTitle")).click();
  await expect(page.getByTestId("api-call")).toContainText(`"goodsId":"${shared.goodsId}"`);
  await expect(page.getByTestId("api-call")).toContainText(/Bearer pk_test_[0-9A-Za-z]{32}/);
  await page.getByRole("button", { name: t("dashboard.testPayment.submit") }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_[0-9A-Za-z]+$/, { timeout: 20_000 });
  await expect(page.getByTestId("merchant")).toHaveText("Portal Tea House");
  await expect(page.getByTestId("qr-codes")).toBeVisible();
  await shot(page, "test-payment-checkout");
  await page.getByRole("button", { name: checkoutWords(locale).alipayPc }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/, { timeout: 20_000 });
  await expect(page.getByTestId("amount")).toHaveText("¥12.34");
  await expect(page.getByTestId("merchant")).toHaveText("Portal Tea House");
  await page.getByRole("button", { name: /^(确认付款|Pay) ¥12\.34$/ }).click();

  // The checkout confirms the payment and sends the merchant back to the portal, which opens the order.
  await expect(page).toHaveURL(/\/orders\/ord_[0-9A-Za-z]+$/, { timeout: 30_000 });
  shared.orderId = new URL(page.url()).pathname.split("/").pop()!;

  // The callback arrives asynchronously (the sandbox notifies from the worker); reload until it is in.
  const timeline = page.getByTestId("timeline");
  const attempt = (trigger: "automatic" | "resend") => t("timeline.attempt", { type: "order.paid", result: "ok", trigger });
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 }).locator("..").locator("..").getByTestId("status").first()).toHaveText(t("labels.orderStatus.paid"));
    await expect(timeline).toContainText(t("timeline.callback", { provider: "alipay" }));
    await expect(timeline).toContainText(t("timeline.callbackOutcome.applied"));
    await expect(timeline).toContainText(attempt("automatic"));
  }).toPass({ timeout: 60_000, intervals: [1000, 2000] });
  await expect(timeline).toContainText(t("timeline.created"));
  await expect(timeline).toContainText(t("timeline.request.create"));
  await expect(timeline).toContainText(t("timeline.paid"));
  await expect(timeline).toContainText(t("timeline.event", { type: "order.created" }));
  await expect(timeline).toContainText(t("timeline.event", { type: "order.paid" }));
  await expect(timeline).toContainText(t("timeline.deliveries", { count: 1 }));

  // Times are Beijing time (UTC+8) written the language's way, whatever the browser's or server's zone.
  const first = timeline.locator("time").first();
  const utc = new Date((await first.getAttribute("datetime"))!);
  const beijing = new Date(utc.getTime() + 8 * 3_600_000).toISOString();
  const [day, clock] = [beijing.slice(0, 10), beijing.slice(11, 19)];
  const [y, m, d] = day.split("-");
  const month = new Date(`${day}T00:00:00Z`).toLocaleString("en", { month: "short", timeZone: "UTC" });
  await expect(first).toHaveText(locale === "zh-CN" ? `${y}/${m}/${d} ${clock}` : `${month} ${Number(d)}, ${y}, ${clock}`);

  // The merchant's server got both events, for this order.
  const paidHook = received.find((r) => r.path === "/hooks/paid");
  expect(paidHook, "order.paid reached the notify URL").toBeTruthy();
  expect(JSON.parse(paidHook!.body)).toMatchObject({ type: "order.paid", data: { order: { id: shared.orderId, status: "paid", amount: 1234 } } });
  expect(paidHook!.headers["webhook-signature"]).toMatch(/^v1,/);
  expect(received.some((r) => r.path === "/hooks/created")).toBe(true);

  // Each delivery shows its attempt and the receiver's answer.
  const paidEvent = page.getByTestId("event").filter({ hasText: "order.paid" });
  await expect(paidEvent.getByTestId("delivery")).toContainText(t("labels.deliveryStatus.succeeded"));
  await expect(paidEvent.getByTestId("attempt").first()).toContainText(t("common.http", { status: 200 }));
  await expect(paidEvent.getByTestId("attempt").first()).toContainText("ok from the merchant");
  await shot(page, "order-detail");

  // Resend: one more attempt, recorded as a resend, and the receiver gets the same event again.
  const before = received.filter((r) => r.path === "/hooks/paid").length;
  await paidEvent.getByRole("button", { name: t("webhooks.resend.button") }).click();
  await expect(paidEvent.getByTestId("resend-result")).toHaveText(t("webhooks.resend.accepted", { status: 200 }));
  expect(received.filter((r) => r.path === "/hooks/paid").length).toBe(before + 1);
  await page.reload();
  await expect(page.getByTestId("event").filter({ hasText: "order.paid" }).getByTestId("attempt").filter({ hasText: t("labels.trigger.resend") })).toHaveCount(1);
  await expect(page.getByTestId("timeline")).toContainText(attempt("resend"));

  // The list shows it paid; the status filter finds it, the closed filter does not.
  await nav.getByRole("link", { name: t("nav.orders") }).click();
  const row = page.getByTestId("order-row").filter({ hasText: shared.orderId });
  await expect(row.getByTestId("status")).toHaveText(t("labels.orderStatus.paid"));
  await expect(row).toContainText("¥12.34");
  await expect(row).toContainText("Jasmine tea");
  await expect(row).toContainText(t("labels.channel.alipay_pc"));
  await shot(page, "orders");
  // Closed: the desktop checkout's QR-code orders the merchant did not pay with, never the paid one.
  await label("orders.status").selectOption("closed");
  await page.getByRole("button", { name: t("orders.submit"), exact: true }).click();
  await expect(page).toHaveURL(/status=closed/);
  await expect(page.getByTestId("order-row").filter({ hasText: shared.orderId })).toHaveCount(0);
  await label("orders.status").selectOption({ label: t("labels.orderStatus.paid") });
  await page.getByRole("button", { name: t("orders.submit"), exact: true }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(1);

  // Webhooks: the secret is hidden until asked for; deliveries are listed with their answers.
  await nav.getByRole("link", { name: t("nav.webhooks") }).click();
  await expect(page.getByTestId("webhook-secret")).not.toContainText(/whsec_[A-Za-z0-9+/]{10}/);
  await page.getByRole("button", { name: t("webhooks.secret.reveal") }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await expect(page.getByTestId("delivery-row").filter({ hasText: "order.paid" })).toContainText(t("labels.deliveryStatus.succeeded"));
  await shot(page, "webhooks");

  // Channels: test mode's sandbox accounts are ready.
  await nav.getByRole("link", { name: t("nav.channels") }).click();
  await expect(page.getByTestId("sandbox-alipay")).toHaveText(t("channels.ready"));
  await expect(page.getByTestId("sandbox-wechatpay")).toHaveText(t("channels.ready"));
  await shot(page, "channels");

  // Live mode: no test data shows, and a bad key gets an error next to its field, in plain words.
  await page.getByRole("button", { name: t("nav.live"), exact: true }).click();
  await expect(page.getByRole("button", { name: t("nav.live"), exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("test-mode-banner")).toHaveCount(0);
  await page.locator("#alipay-appId").fill("2021000000000001");
  await page.locator("#alipay-privateKey").fill("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----");
  await page.locator("#alipay-alipayPublicKey").fill("hello");
  await page.getByRole("button", { name: t("channels.saveCredentials") }).first().click();
  await expect(page.locator("#alipay-privateKey-error")).toContainText(t("channels.problems.unreadable_private_pem", { field: t("channels.fields.alipay.privateKey") }));
  await expect(page.locator("#alipay-privateKey-error")).toContainText(t("channels.pasteHints.privateKey"));
  await page.locator("#wechatpay-apiV3Key").fill("too-short");
  await page.locator("#wechatpay-appId").fill("wx1234567890abcdef");
  await page.locator("#wechatpay-mchId").fill("1900000001");
  await page.locator("#wechatpay-serialNo").fill("ABCDEF0123456789");
  await page.locator("#wechatpay-privateKey").fill("x");
  await page.locator("#wechatpay-platformPublicKey").fill("y");
  await page.getByRole("button", { name: t("channels.saveCredentials") }).nth(1).click();
  await expect(page.locator("#wechatpay-apiV3Key-error")).toHaveText(t("channels.formats.apiV3Key", { field: t("channels.fields.wechatpay.apiV3Key") }));
  await shot(page, "channels-live");

  // Credentials that parse are saved as version 1; replacing them is a rotation, shown as such.
  const pemPair = () => {
    const k = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { priv: k.privateKey.export({ format: "pem", type: "pkcs8" }).toString(), pub: k.publicKey.export({ format: "pem", type: "spki" }).toString() };
  };
  const [appKeys, alipayKeys] = [pemPair(), pemPair()];
  await page.locator("#alipay-privateKey").fill(appKeys.priv);
  await page.locator("#alipay-alipayPublicKey").fill(alipayKeys.pub);
  await page.getByRole("button", { name: t("channels.saveCredentials") }).first().click();
  await expect(page.getByTestId("credential-version")).toHaveCount(1);
  await expect(page.getByTestId("credential-version")).toContainText(t("channels.versions.current"));
  await page.locator("#alipay-appId").fill("2021000000000002");
  await page.getByRole("button", { name: t("channels.saveChanges") }).first().click();
  await expect(page.getByTestId("credential-version")).toHaveCount(2);
  await expect(page.getByTestId("credential-version").first()).toContainText(t("channels.versions.version", { version: 2 }));
  await expect(page.getByTestId("credential-version").first()).toContainText(t("channels.versions.current"));
  await expect(page.getByTestId("credential-version").nth(1)).toContainText(t("channels.versions.openOrders", { count: 0 }));
  await expect(page.getByTestId("credential-version").nth(1)).toContainText(t("channels.versions.settled"));
  await shot(page, "channels-rotation");
  await nav.getByRole("link", { name: t("nav.orders") }).click();
  await expect(page.getByText(t("orders.empty", { mode: "live" }))).toBeVisible();
  const gone = await page.goto(`/orders/${shared.orderId}`);
  expect(gone?.status()).toBe(404);
  await expect(page.getByText(t("notFound.title"))).toBeVisible();
  await page.goto("/dashboard");
  await page.getByRole("button", { name: t("nav.test"), exact: true }).click();
  await expect(page.getByTestId("test-mode-banner")).toBeVisible();

  // The dashboard counts today's paid order.
  await expect(page.getByTestId("stat-paid-today")).toHaveText("¥12.34");
  await expect(page.getByTestId("stat-orders-today")).toHaveText("1");
  await shot(page, "dashboard");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await shot(page, "dashboard-phone");
  await page.getByRole("button", { name: t("nav.menu") }).click();
  await expect(nav.getByRole("link", { name: t("nav.orders") })).toBeVisible();

  // Sign out: the portal is closed again.
  await page.getByRole("button", { name: t("nav.signOut") }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/signin$/);
});

test("the merchant refunds the paid order from the portal, in part and then the rest", async ({ page }) => {
  test.setTimeout(120_000);
  expect(shared.orderId, "the first test made a paid order").toBeTruthy();
  await signIn(page, shared.email, PASSWORD);
  await page.goto(`/orders/${shared.orderId}`);
  const form = page.getByTestId("refund-form");
  const amount = field(page, t("order.refund.amount"));
  // Prefilled with what is still refundable: the whole ¥12.34.
  await expect(amount).toHaveValue("12.34");
  await amount.fill("12.35");
  await form.getByRole("button", { name: t("order.refund.submit"), exact: true }).click();
  await expect(page.locator("#refund-amount-error")).toHaveText(t("order.refund.errors.exceeds"));
  await amount.fill("2.34");
  await field(page, t("order.refund.reason")).fill("Broken cup");
  await form.getByRole("button", { name: t("order.refund.submit"), exact: true }).click();
  await expect(page.getByTestId("refund-result")).toHaveText(t("order.refund.done", { status: "succeeded" }));
  const refunds = page.getByTestId("refund-row");
  await expect(refunds).toHaveCount(1);
  await expect(refunds.first()).toContainText("¥2.34");
  await expect(refunds.first()).toContainText(t("labels.refundStatus.succeeded"));
  await expect(refunds.first()).toContainText("Broken cup");
  await expect(page.getByTestId("timeline")).toContainText(t("timeline.refund", { amount: "¥2.34", status: "succeeded" }));
  await expect(page.getByTestId("order-refunded")).toHaveText("¥2.34");
  await expect(amount).toHaveValue("10.00");
  await shot(page, "order-refunded-part");

  // The rest (prefilled); then nothing is left to refund.
  await form.getByRole("button", { name: t("order.refund.submit"), exact: true }).click();
  await expect(page.getByTestId("refund-row")).toHaveCount(2);
  await expect(page.getByText(t("order.refund.fullyRefunded"))).toBeVisible();
  await expect(page.getByTestId("refund-form")).toHaveCount(0);
  await expect(page.getByTestId("order-refunded")).toHaveText("¥12.34");
  // The order is still paid: Alipay's TRADE_CLOSED refund notification is not a close.
  await page.reload();
  await expect(page.getByTestId("timeline")).toContainText(t("timeline.refund", { amount: "¥10.00", status: "succeeded" }));
  await shot(page, "order-refunded");

  // The list shows what was refunded; the dashboard counts today's takings net of refunds.
  await page.goto("/orders");
  const row = page.getByTestId("order-row").filter({ hasText: shared.orderId });
  await expect(row.getByTestId("status")).toHaveText(t("labels.orderStatus.paid"));
  await expect(row).toContainText(t("orders.refunded", { amount: "¥12.34" }));
  await page.goto("/dashboard");
  await expect(page.getByTestId("stat-paid-today")).toHaveText("¥0.00");
  await page.getByRole("button", { name: t("nav.signOut") }).click();
  await expect(page).toHaveURL(/\/signin$/);
});

test("another merchant cannot open the first one's goods or orders by URL", async ({ page }) => {
  expect(shared.goodsId && shared.orderId, "the first test made goods and an order").toBeTruthy();
  const email = `portal-other-${locale}-${Date.now()}@example.com`;
  const other = JSON.parse(
    execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", email, "--password", PASSWORD, "--name", "Other shop"], {
      cwd: root,
      env: process.env,
    }).toString(),
  ) as { merchantId: string };
  await signIn(page, email, PASSWORD);
  for (const url of [`/goods/${shared.goodsId}`, `/orders/${shared.orderId}`]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByText(t("notFound.title"))).toBeVisible();
    await expect(page.getByText("Jasmine tea")).toHaveCount(0);
  }
  await page.goto("/orders");
  await expect(page.getByText(t("orders.empty", { mode: "test" }))).toBeVisible();

  // An operator suspends it: the open session ends, and signing in again says why, in this language.
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "suspend", other.merchantId], { cwd: root, env: process.env });
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/signin$/);
  await field(page, t("auth.email")).fill(email);
  await field(page, t("auth.password")).fill(PASSWORD);
  await page.getByRole("button", { name: t("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByTestId("signin-error")).toHaveText(t("auth.signIn.errors.suspended"));
});

test("the language switch overrides the browser's language and is remembered", async ({ page, context }) => {
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  const o = translatorFor(other);
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: t("auth.signIn.title") })).toBeVisible();
  // The switch names each language in its own words.
  await page.getByRole("button", { name: o(`language.${other}`), exact: true }).click();
  await expect(page.getByRole("heading", { name: o("auth.signIn.title") })).toBeVisible();
  await expect(page.getByRole("button", { name: o(`language.${other}`), exact: true })).toHaveAttribute("aria-pressed", "true");
  expect((await context.cookies()).find((c) => c.name === "payrelay_locale")?.value).toBe(other);
  await shot(page, `signin-switched-to-${other}`);

  // Remembered across pages and visits, whatever the browser says.
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: o("auth.signUp.title") })).toBeVisible();
  await field(page, o("auth.email")).fill("nobody@example.com");
  await field(page, o("auth.password")).fill("short");
  await page.getByRole("button", { name: o("auth.signUp.submit"), exact: true }).click();
  // Server actions answer in the chosen language too.
  await expect(page.locator("#f-password-error")).toHaveText(o("formErrors.tooShort", { field: o("auth.password"), min: 10 }));
  await expect(page.locator("#f-name-error")).toHaveText(o("formErrors.required", { field: o("auth.signUp.companyName") }));

  // Signed in, the header has the switch too; switching back re-renders the page in place.
  const email = `portal-switch-${locale}-${Date.now()}@example.com`;
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", email, "--password", PASSWORD, "--name", "Switch shop"], {
    cwd: root,
    env: process.env,
  });
  await page.goto("/signin");
  await field(page, o("auth.email")).fill(email);
  await field(page, o("auth.password")).fill(PASSWORD);
  await page.getByRole("button", { name: o("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByRole("heading", { name: o("dashboard.title") })).toBeVisible();
  await page.getByRole("link", { name: o("nav.keys") }).click();
  await expect(page.getByRole("heading", { name: o("keys.title") })).toBeVisible();
  await page.getByRole("button", { name: t(`language.${locale}`), exact: true }).click();
  await expect(page.getByRole("heading", { name: t("keys.title") })).toBeVisible();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("navigation", { name: t("nav.label") }).getByRole("link", { name: t("nav.orders") })).toBeVisible();
  expect((await context.cookies()).find((c) => c.name === "payrelay_locale")?.value).toBe(locale);
});

test("repeated failed sign-ins are rate limited", async ({ page }) => {
  await page.goto("/signin");
  const submit = page.getByRole("button", { name: t("auth.signIn.submit"), exact: true });
  for (let i = 0; i < 5; i++) {
    await field(page, t("auth.email")).fill(shared.email || "nobody@example.com");
    await field(page, t("auth.password")).fill(`wrong password ${i}`);
    await submit.click();
    await expect(submit).toBeEnabled();
    await expect(page.getByTestId("signin-error")).toHaveText(t("auth.signIn.errors.CredentialsSignin"));
  }
  // From this address, even the right password now waits (30 s after the fifth failure, doubling after
  // each further one); the owner at another address is not held up (tests/portal/sign-in.test.ts).
  await field(page, t("auth.password")).fill(PASSWORD);
  await submit.click();
  await expect(page.getByTestId("signin-error")).toHaveText(t("auth.signIn.errors.rate_limited", { minutes: 1 }));
  await expect(page).toHaveURL(/\/signin/);
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await field(page, t("auth.email")).fill(email);
  await field(page, t("auth.password")).fill(password);
  await page.getByRole("button", { name: t("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByRole("heading", { name: t("dashboard.title") })).toBeVisible();
}
