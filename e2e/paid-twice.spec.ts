import path from "node:path";
import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import en from "../messages/en.json" with { type: "json" };
import zh from "../messages/zh-CN.json" with { type: "json" };

/**
 * Issue 11, item 2, as the merchant sees it: a buyer chose Alipay on the hosted page, then WeChat,
 * paid WeChat, then found the Alipay tab and paid that too. The second order is paid (the money was
 * taken) and its portal page says, in the merchant's language, that it paid the session twice and
 * should be refunded, beside the refund form. Screenshots: e2e/artifacts/paid-twice-<locale>.png.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const PASSWORD = "a long e2e passphrase";

let merchant: { email: string; testSecretKey: string };
let sessionId = "";
let firstOrderId = "";
let secondOrderId = "";

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

async function pay(request: APIRequestContext, payUrl: string): Promise<void> {
  // The buyer's browser opens the URL (the gateway redirects to the cashier, which opens the trade).
  const opened = await request.get(payUrl);
  expect(opened.ok(), payUrl).toBe(true);
  const trade = /\/sandbox\/pay\/(sbt_[0-9A-Za-z]+)/.exec(opened.url())?.[1];
  expect(trade, opened.url()).toBeTruthy();
  const paid = await request.post(`/sandbox/api/trades/${trade}/simulate`, { data: { outcome: "pay" } });
  expect(paid.status()).toBe(200);
}

async function choose(request: APIRequestContext, channel: string): Promise<string> {
  const res = await request.post(`/checkout/${sessionId}/pay`, { form: { channel }, maxRedirects: 0, headers: { "x-forwarded-for": "203.0.113.8" } });
  expect(res.status()).toBe(303);
  return res.headers().location!;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  const email = `paid-twice-${Date.now()}@example.com`;
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", email, "--password", PASSWORD, "--name", "Twice Tea"], { cwd: root, env: process.env });
  merchant = { email, ...(JSON.parse(out.toString()) as { testSecretKey: string }) };
  const goods = await request.post("/api/v1/goods", { headers: auth(merchant.testSecretKey), data: { name: "Oolong", price: 1 } });
  const goodsId = ((await goods.json()) as { id: string }).id;
  const cs = await request.post("/api/v1/checkout-sessions", {
    headers: auth(merchant.testSecretKey),
    data: { goodsId, quantity: 1, buyerId: "15705420001", successUrl: "https://shop.example.com/done" },
  });
  sessionId = ((await cs.json()) as { id: string }).id;

  const alipayUrl = await choose(request, "alipay_h5");
  const wechatUrl = await choose(request, "wechat_h5");
  await pay(request, wechatUrl);
  await pay(request, alipayUrl);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/checkout-sessions/${sessionId}`, { headers: auth(merchant.testSecretKey) })).json()) as { duplicatePaymentOrderIds: string[] }).duplicatePaymentOrderIds.length, { timeout: 30_000 })
    .toBe(1);
  const session = (await (await request.get(`/api/v1/checkout-sessions/${sessionId}`, { headers: auth(merchant.testSecretKey) })).json()) as { paidOrderId: string; duplicatePaymentOrderIds: string[] };
  firstOrderId = session.paidOrderId;
  secondOrderId = session.duplicatePaymentOrderIds[0]!;
});

for (const [locale, messages] of [
  ["en", en],
  ["zh-CN", zh],
] as const) {
  test(`the second payment's order page says "paid twice — refund this order" (${locale})`, async ({ browser }) => {
    const context = await browser.newContext({ locale: locale === "en" ? "en-US" : "zh-CN" });
    const page: Page = await context.newPage();
    await page.goto("/signin");
    await page.locator('input[type="email"]').fill(merchant.email);
    await page.locator('input[type="password"]').fill(PASSWORD);
    await page.getByRole("button", { name: messages.auth.signIn.submit, exact: true }).click();
    await expect(page.getByRole("heading", { name: messages.dashboard.title })).toBeVisible();

    await page.goto(`/orders/${secondOrderId}`);
    const notice = page.getByTestId("duplicate-payment");
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(messages.order.duplicateNotice.split("<mono>")[0]!.trim());
    await expect(notice).toContainText(sessionId);
    await expect(notice.getByRole("link")).toHaveAttribute("href", `/orders/${firstOrderId}`);
    await expect(page.getByText(messages.order.duplicatePayment, { exact: true })).toBeVisible();
    await expect(page.getByTestId("refund-form")).toBeVisible();
    await page.screenshot({ path: path.join(ARTIFACTS, `paid-twice-${locale}.png`), fullPage: true });

    // The order the session was paid with has no such notice.
    await page.goto(`/orders/${firstOrderId}`);
    await expect(page.getByTestId("refund-form")).toBeVisible();
    await expect(page.getByTestId("duplicate-payment")).toHaveCount(0);
    await context.close();
  });
}
