import path from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";

/**
 * The merchant portal, the way a new merchant uses it: sign up, create goods with a notify URL,
 * see the test keys, try a test payment, pay in the sandbox cashier, and find the order paid with
 * its callback and its notification (then resend it). A second merchant cannot open any of it.
 * Screenshots of the main screens land in e2e/artifacts on every run.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `portal-${name}.png`), fullPage: true });

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let receiver: http.Server;
let hookBase = "";

test.beforeAll(async () => {
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
  shared.email = `portal-${Date.now()}@example.com`;

  await page.goto("/");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/signup$/);

  // The password rules are the CLI's: a trivial one gets an error next to the field.
  await page.getByLabel("Company name").fill("Portal Tea House");
  await page.getByLabel("Email").fill(shared.email);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#f-password-error")).toContainText("too common");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  const keys = page.getByTestId("signup-keys");
  await expect(keys).toBeVisible();
  await expect(keys.getByTestId("new-key").first()).toHaveText(/^sk_test_[0-9A-Za-z]{32}$/);
  await expect(keys.getByTestId("new-key").nth(1)).toHaveText(/^pk_test_[0-9A-Za-z]{32}$/);
  await page.getByRole("link", { name: "Continue to your dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("test-mode-banner")).toBeVisible();

  // Goods: a bad price is refused next to the field; a good one is stored and shown in yuan.
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Goods" }).click();
  await expect(page.getByText("No goods in test mode yet")).toBeVisible();
  await page.getByRole("link", { name: "New goods" }).first().click();
  await page.getByLabel("Name").fill("Jasmine tea");
  await page.getByLabel("Price (¥, yuan)").fill("12.345");
  await page.getByLabel("Order created").fill(`${hookBase}/hooks/created`);
  await page.getByLabel("Order paid").fill("not a url");
  await page.getByRole("button", { name: "Create goods" }).click();
  await expect(page.locator("#f-price-error")).toContainText("at most two decimals");
  await expect(page.locator("#f-notifyOrderPaid-error")).toContainText("absolute http(s) URL");
  await page.getByLabel("Price (¥, yuan)").fill("12.34");
  await page.getByLabel("Order paid").fill(`${hookBase}/hooks/paid`);
  await page.getByRole("button", { name: "Create goods" }).click();
  await expect(page).toHaveURL(/\/goods\?created=goods_/);
  shared.goodsId = new URL(page.url()).searchParams.get("created")!;
  const goodsTable = page.getByRole("table", { name: "Goods" });
  await expect(goodsTable).toContainText("Jasmine tea");
  await expect(goodsTable).toContainText("¥12.34");
  await shot(page, "goods");

  // The edit form shows the price in yuan and says a change applies to new orders only.
  await page.getByRole("link", { name: "Jasmine tea" }).click();
  await expect(page.getByLabel("Price (¥, yuan)")).toHaveValue("12.34");
  await expect(page.getByText("applies to new orders only")).toBeVisible();

  // API keys: the two test keys made at sign-up, by prefix only.
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByTestId("key-row")).toHaveCount(2);
  await expect(page.getByRole("table", { name: "API keys" })).toContainText("sk_test_");
  await expect(page.getByRole("table", { name: "API keys" })).toContainText("pk_test_");
  await shot(page, "keys");

  // Try a test payment → the sandbox cashier → Pay.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByLabel("Goods").selectOption(shared.goodsId);
  await page.getByRole("button", { name: "Try a test payment" }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/, { timeout: 20_000 });
  await expect(page.getByTestId("amount")).toHaveText("¥12.34");
  await expect(page.getByTestId("merchant")).toHaveText("Portal Tea House");
  await page.getByRole("button", { name: "Pay ¥12.34" }).click();

  // Alipay's return brings the buyer back to the portal, which opens the order.
  await expect(page).toHaveURL(/\/orders\/ord_[0-9A-Za-z]+$/, { timeout: 20_000 });
  shared.orderId = new URL(page.url()).pathname.split("/").pop()!;

  // The callback arrives asynchronously (the sandbox notifies from the worker); reload until it is in.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 }).locator("..").locator("..").getByTestId("status").first()).toHaveText("paid");
    await expect(page.getByTestId("timeline")).toContainText("Callback received from Alipay");
    await expect(page.getByTestId("timeline")).toContainText("verified, applied");
    await expect(page.getByTestId("timeline")).toContainText("Delivery of order.paid succeeded");
  }).toPass({ timeout: 60_000, intervals: [1000, 2000] });
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("Order created");
  await expect(timeline).toContainText("Payment created at the channel");
  await expect(timeline).toContainText("Status → paid");
  await expect(timeline).toContainText("Event order.created");
  await expect(timeline).toContainText("Event order.paid");

  // The merchant's server got both events, for this order.
  const paidHook = received.find((r) => r.path === "/hooks/paid");
  expect(paidHook, "order.paid reached the notify URL").toBeTruthy();
  expect(JSON.parse(paidHook!.body)).toMatchObject({ type: "order.paid", data: { order: { id: shared.orderId, status: "paid", amount: 1234 } } });
  expect(paidHook!.headers["webhook-signature"]).toMatch(/^v1,/);
  expect(received.some((r) => r.path === "/hooks/created")).toBe(true);

  // Each delivery shows its attempt and the receiver's answer.
  const paidEvent = page.getByTestId("event").filter({ hasText: "order.paid" });
  await expect(paidEvent.getByTestId("delivery")).toContainText("succeeded");
  await expect(paidEvent.getByTestId("attempt").first()).toContainText("HTTP 200");
  await expect(paidEvent.getByTestId("attempt").first()).toContainText("ok from the merchant");
  await shot(page, "order-detail");

  // Resend: one more attempt, recorded as a resend, and the receiver gets the same event again.
  const before = received.filter((r) => r.path === "/hooks/paid").length;
  await paidEvent.getByRole("button", { name: "Resend" }).click();
  await expect(paidEvent.getByTestId("resend-result")).toHaveText(/Resent: your server answered HTTP 200/);
  expect(received.filter((r) => r.path === "/hooks/paid").length).toBe(before + 1);
  await page.reload();
  await expect(page.getByTestId("event").filter({ hasText: "order.paid" }).getByTestId("attempt").filter({ hasText: "resend" })).toHaveCount(1);
  await expect(page.getByTestId("timeline")).toContainText("Delivery of order.paid succeeded (resend)");

  // The list shows it paid; the status filter finds it, the closed filter does not.
  await page.getByRole("link", { name: "Orders" }).first().click();
  const row = page.getByTestId("order-row").filter({ hasText: shared.orderId });
  await expect(row.getByTestId("status")).toHaveText("paid");
  await expect(row).toContainText("¥12.34");
  await expect(row).toContainText("Jasmine tea");
  await shot(page, "orders");
  await page.getByLabel("Status").selectOption("closed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No orders match these filters")).toBeVisible();
  await page.getByLabel("Status").selectOption("paid");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(1);

  // Webhooks: the secret is hidden until asked for; deliveries are listed with their answers.
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByTestId("webhook-secret")).not.toContainText(/whsec_[A-Za-z0-9+/]{10}/);
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await expect(page.getByTestId("delivery-row").filter({ hasText: "order.paid" })).toContainText("succeeded");
  await shot(page, "webhooks");

  // Channels: test mode's sandbox accounts are ready.
  await page.getByRole("link", { name: "Channels" }).click();
  await expect(page.getByTestId("sandbox-alipay")).toHaveText("ready");
  await expect(page.getByTestId("sandbox-wechatpay")).toHaveText("ready");
  await shot(page, "channels");

  // Live mode: no test data shows, and a bad key gets an error next to its field, in plain words.
  await page.getByRole("button", { name: "Live" }).click();
  await expect(page.getByRole("button", { name: "Live" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("test-mode-banner")).toHaveCount(0);
  await page.locator("#alipay-appId").fill("2021000000000001");
  await page.locator("#alipay-privateKey").fill("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----");
  await page.locator("#alipay-alipayPublicKey").fill("hello");
  await page.getByRole("button", { name: "Save credentials" }).first().click();
  await expect(page.locator("#alipay-privateKey-error")).toContainText("App private key (应用私钥) is not a readable PEM private key");
  await page.locator("#wechatpay-apiV3Key").fill("too-short");
  await page.locator("#wechatpay-appId").fill("wx1234567890abcdef");
  await page.locator("#wechatpay-mchId").fill("1900000001");
  await page.locator("#wechatpay-serialNo").fill("ABCDEF0123456789");
  await page.locator("#wechatpay-privateKey").fill("x");
  await page.locator("#wechatpay-platformPublicKey").fill("y");
  await page.getByRole("button", { name: "Save credentials" }).nth(1).click();
  await expect(page.locator("#wechatpay-apiV3Key-error")).toContainText("APIv3 key must be exactly 32 characters");
  await shot(page, "channels-live");
  await page.getByRole("link", { name: "Orders" }).first().click();
  await expect(page.getByText("No live orders yet")).toBeVisible();
  await page.goto(`/orders/${shared.orderId}`);
  await expect(page.getByText("This page could not be found")).toBeVisible();
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("test-mode-banner")).toBeVisible();

  // The dashboard counts today's paid order.
  await expect(page.getByTestId("stat-paid-today")).toHaveText("¥12.34");
  await expect(page.getByTestId("stat-orders-today")).toHaveText("1");
  await shot(page, "dashboard");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await shot(page, "dashboard-phone");
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Orders" })).toBeVisible();

  // Sign out: the portal is closed again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/signin$/);
});

test("another merchant cannot open the first one's goods or orders by URL", async ({ page }) => {
  expect(shared.goodsId && shared.orderId, "the first test made goods and an order").toBeTruthy();
  const email = `portal-other-${Date.now()}@example.com`;
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", email, "--password", PASSWORD, "--name", "Other shop"], {
    cwd: root,
    env: process.env,
  });
  await signIn(page, email, PASSWORD);
  for (const url of [`/goods/${shared.goodsId}`, `/orders/${shared.orderId}`]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByText("Jasmine tea")).toHaveCount(0);
  }
  await page.goto("/orders");
  await expect(page.getByText("No test orders yet")).toBeVisible();
});

test("repeated failed sign-ins are rate limited", async ({ page }) => {
  await page.goto("/signin");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(shared.email || "nobody@example.com");
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
    await expect(page.getByTestId("signin-error")).toHaveText("That email and password do not match an account.");
  }
  // Now even the right password is refused until the window passes.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signin-error")).toHaveText(/Too many failed sign-ins/);
  await expect(page).toHaveURL(/\/signin/);
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}
