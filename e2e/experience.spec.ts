import path from "node:path";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { translatorFor } from "../lib/i18n/messages";
import type { Translate } from "../lib/i18n/message";

/**
 * Issue #19, the way a Chinese merchant and a buyer meet payrelay on a phone and a desktop: the
 * portal in zh-CN (the browser's language), every label read from messages/zh-CN.json. Each page
 * touched is kept as a screenshot at 390 px and 1280 px (e2e/artifacts/experience-*.png and the
 * test's attachments).
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const PASSWORD = "a long e2e passphrase";
const t: Translate = translatorFor("zh-CN");

test.use({ locale: "zh-CN" });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A field by its whole label (a required field's label ends in an aria-hidden " *"). */
const field = (page: Page | Locator, label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`));

function cli(...args: string[]): string {
  return execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], { cwd: root, env: process.env }).toString();
}

function newMerchant(name: string): { merchantId: string; email: string } {
  const email = `ux-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const out = JSON.parse(cli("merchants", "create", "--email", email, "--password", PASSWORD, "--name", name)) as { merchantId: string };
  return { merchantId: out.merchantId, email };
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await field(page, t("auth.email")).fill(email);
  await field(page, t("auth.password")).fill(password);
  await page.getByRole("button", { name: t("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByRole("heading", { name: t("dashboard.title") })).toBeVisible();
}

/** The page as it stands, at a phone's and a desktop's width, kept on disk and on the report. */
async function shots(page: Page, testInfo: TestInfo, name: string) {
  const before = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const file = path.join(ARTIFACTS, `experience-${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`${name}-${width}`, { path: file, contentType: "image/png" });
  }
  if (before) await page.setViewportSize(before);
}

/** How wide the document is: wider than the viewport means the page scrolls sideways. */
const documentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("API keys on a phone: the publishable key is always there in full and copies; Revoke is on screen", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const shop = newMerchant("键位茶馆");
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, shop.email);

  // The menu folds on a phone; the keys page is one tap inside it.
  await page.getByRole("button", { name: t("nav.menu") }).click();
  await page.getByRole("navigation", { name: t("nav.label") }).getByRole("link", { name: t("nav.keys") }).click();
  await expect(page.getByRole("heading", { name: t("keys.title") })).toBeVisible();
  expect(await documentWidth(page)).toBeLessThanOrEqual(390);

  const keys = page.getByRole("list", { name: t("keys.table") });
  const publishable = keys.getByRole("listitem", { name: t("labels.keyKind.publishable") });
  const secret = keys.getByRole("listitem", { name: t("labels.keyKind.secret") });
  // The sign-up's publishable key, in full, long after it was made; the secret key by its prefix only.
  const pk = publishable.getByTestId("publishable-key");
  await expect(pk).toHaveText(/^pk_test_[0-9A-Za-z]{32}$/);
  await expect(secret).toContainText("sk_test_");
  await expect(secret).toContainText(t("keys.secretHidden"));
  await expect(secret.getByText(/^sk_test_[0-9A-Za-z]{32}$/)).toHaveCount(0);

  await publishable.getByRole("button", { name: t("keys.copyPublishable") }).click();
  await expect(publishable.getByRole("button", { name: t("keys.copyPublishable") })).toHaveText(t("common.copied"));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await pk.textContent());

  // The merchant id copies too.
  await page.getByRole("button", { name: t("keys.copyMerchantId") }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shop.merchantId);

  // Revoke is inside the 390 px screen, not off to the right.
  const revoke = secret.getByRole("button", { name: new RegExp(`^${escape(t("keys.revoke"))}`) });
  await revoke.scrollIntoViewIfNeeded();
  const box = await revoke.boundingBox();
  expect(box, "Revoke is laid out").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await shots(page, testInfo, "keys");

  // A new publishable key says it stays visible, and the list shows it in full with the others.
  await page.getByLabel(t("keys.publishable")).check();
  await page.getByRole("button", { name: t("keys.create") }).click();
  await expect(page.getByText(t("keys.createdKey", { kind: "publishable" }))).toBeVisible();
  await expect(keys.getByTestId("publishable-key")).toHaveCount(2);
  expect(await documentWidth(page)).toBeLessThanOrEqual(390);

  // Goods ids copy from the goods list.
  await page.goto("/goods/new");
  await field(page, t("goods.form.name")).fill("茉莉花茶");
  await field(page, t("goods.form.price")).fill("12.34");
  await page.getByRole("button", { name: t("goods.create") }).click();
  await expect(page).toHaveURL(/\/goods\?created=goods_/);
  const goodsId = new URL(page.url()).searchParams.get("created")!;
  await page.getByRole("button", { name: t("goods.copyId", { id: goodsId }) }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(goodsId);
  await shots(page, testInfo, "goods");
});

const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

test("a buyer whose payment fails is brought back to the checkout in Chinese, pays, and never changes host", async ({ browser, baseURL }, testInfo) => {
  const out = JSON.parse(cli("merchants", "create", "--email", `ux-buyer-${Date.now()}@example.com`, "--password", PASSWORD, "--name", "失败测试茶馆")) as { testSecretKey: string };
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: PHONE_UA, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const auth = { Authorization: `Bearer ${out.testSecretKey}` };
  const goods = await context.request.post("/api/v1/goods", { headers: auth, data: { name: "茉莉花茶", price: 1990, description: "福建茉莉花茶 250 克" } });
  expect(goods.status()).toBe(201);
  const goodsId = ((await goods.json()) as { id: string }).id;
  const created = await context.request.post("/api/v1/checkout-sessions", { headers: auth, data: { goodsId, quantity: 1, buyerId: "buyer-1", successUrl: `${baseURL}/?from=checkout` } });
  expect(created.status()).toBe(201);
  const cs = (await created.json()) as { id: string; url: string };

  const page = await context.newPage();
  const hosts = new Set<string>();
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) hosts.add(new URL(frame.url()).host);
  });

  // The checkout: who is paid, for what, the order number and the time left; the title names both.
  await page.goto(cs.url);
  await expect(page).toHaveTitle("茉莉花茶 · 失败测试茶馆");
  await expect(page.getByTestId("description")).toHaveText("福建茉莉花茶 250 克");
  await expect(page.getByTestId("order-no")).toHaveText(cs.id);
  await expect(page.getByTestId("time-left")).toHaveText(/^剩余支付时间 (29|30):\d\d$/);
  await shots(page, testInfo, "checkout");

  // Alipay's stand-in cashier: Chinese, readable status, the scripted outcomes folded away.
  await page.getByRole("button", { name: "支付宝" }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/);
  await expect(page.getByTestId("status")).toHaveText("等待付款");
  await expect(page.getByTestId("subject")).toContainText("茉莉花茶");
  const reject = page.getByRole("button", { name: /^付款失败/ });
  await expect(reject).toBeHidden();
  await shots(page, testInfo, "cashier");
  await page.getByText("开发者选项（模拟结果）").click();
  await reject.click();
  await expect(page.getByRole("alert").filter({ hasText: "支付失败" })).toBeVisible();
  await shots(page, testInfo, "cashier-failed");

  // Back to the merchant: the checkout says the payment failed and offers the channels again.
  await page.getByRole("link", { name: "返回商户" }).click();
  await expect(page).toHaveURL(new RegExp(`/checkout/${cs.id}\\?state=failed$`), { timeout: 20_000 });
  await expect(page.getByRole("alert").filter({ hasText: "支付失败，请重试" })).toBeVisible();
  await shots(page, testInfo, "checkout-failed");

  // Trying again with WeChat Pay works; the paid checkout says 实付金额.
  await page.getByRole("button", { name: "微信支付" }).click();
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/);
  await page.getByRole("button", { name: /^确认付款 ¥19\.90$/ }).click();
  await expect(page.getByTestId("state-success")).toBeVisible({ timeout: 20_000 });
  await page.waitForURL(/from=checkout/, { timeout: 10_000 });
  await page.goto(cs.url);
  await expect(page.getByTestId("state-paid")).toBeVisible();
  await expect(page.getByText("实付金额")).toBeVisible();
  await shots(page, testInfo, "checkout-paid");

  // Every page the buyer saw was on the host they started on.
  expect([...hosts]).toEqual([new URL(baseURL!).host]);

  // A link that never existed: 404, in Chinese, not the framework's English page.
  const gone = await page.goto("/checkout/cs_doesnotexist123");
  expect(gone?.status()).toBe(404);
  await expect(page.getByTestId("state-gone")).toContainText("支付链接已失效");
  await expect(page.getByText("This page could not be found")).toHaveCount(0);
  await shots(page, testInfo, "checkout-gone");
  await context.close();
});

test("account basics: company name (the buyers' 收款方), email and password behind the current password; prices as a Chinese keyboard types them", async ({ page }, testInfo) => {
  const shop = newMerchant("旧名茶馆");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, shop.email);
  await page.getByRole("link", { name: t("nav.account"), exact: true }).click();
  await expect(page.getByRole("heading", { name: t("account.title") })).toBeVisible();
  await expect(page).toHaveTitle(`${t("meta.account")} · payrelay`);
  await expect(page.getByText(t("account.companyHint"))).toBeVisible();

  const company = page.getByRole("form", { name: t("account.companyTitle") });
  await field(company, t("account.companyName")).fill("新名茶馆");
  await company.getByRole("button", { name: t("account.saveName") }).click();
  await expect(company.getByText(t("account.nameSaved"))).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("新名茶馆");

  // The email: the current password is asked for, and a wrong one changes nothing.
  const newEmail = `renamed-${shop.email}`;
  const email = page.getByRole("form", { name: t("account.emailTitle") });
  await field(email, t("account.email")).fill(newEmail);
  await field(email, t("account.currentPassword")).fill("not my password at all");
  await email.getByRole("button", { name: t("account.saveEmail") }).click();
  await expect(email.getByRole("alert")).toHaveText(t("account.errors.wrongPassword"));
  await field(email, t("account.currentPassword")).fill(PASSWORD);
  await email.getByRole("button", { name: t("account.saveEmail") }).click();
  await expect(email.getByText(t("account.emailSaved"))).toBeVisible();

  // The password: sign-up's rules, and the current one first.
  const NEW_PASSWORD = "a fresh account passphrase";
  const password = page.getByRole("form", { name: t("account.passwordTitle") });
  await field(password, t("account.currentPassword")).fill(PASSWORD);
  await field(password, t("account.newPassword")).fill("password123");
  await password.getByRole("button", { name: t("account.savePassword") }).click();
  await expect(password.getByRole("alert")).toHaveText(t("auth.signUp.errors.passwordTooCommon", { field: t("account.newPassword") }));
  await field(password, t("account.currentPassword")).fill("wrong current password");
  await field(password, t("account.newPassword")).fill(NEW_PASSWORD);
  await password.getByRole("button", { name: t("account.savePassword") }).click();
  await expect(password.getByRole("alert")).toHaveText(t("account.errors.wrongPassword"));
  await field(password, t("account.currentPassword")).fill(PASSWORD);
  await field(password, t("account.newPassword")).fill(NEW_PASSWORD);
  await password.getByRole("button", { name: t("account.savePassword") }).click();
  await expect(password.getByText(t("account.passwordSaved"))).toBeVisible();
  await shots(page, testInfo, "account");

  // Signed out, the new email and password are the way back in; the old password is not.
  await page.getByRole("button", { name: t("nav.signOut") }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/signin");
  await field(page, t("auth.email")).fill(newEmail);
  await field(page, t("auth.password")).fill(PASSWORD);
  await page.getByRole("button", { name: t("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByTestId("signin-error")).toHaveText(t("auth.signIn.errors.CredentialsSignin"));
  await signIn(page, newEmail, NEW_PASSWORD);

  // Prices: "－5" says it must be above zero; "１９．９" is ¥19.90.
  await page.goto("/goods/new");
  await field(page, t("goods.form.name")).fill("全角价格");
  await field(page, t("goods.form.price")).fill("－5");
  await page.getByRole("button", { name: t("goods.create") }).click();
  await expect(page.locator("#f-price-error")).toHaveText(t("goods.errors.priceNotPositive", { min: "¥0.01" }));
  await field(page, t("goods.form.price")).fill("１９．９");
  await page.getByRole("button", { name: t("goods.create") }).click();
  await expect(page).toHaveURL(/\/goods\?created=goods_/);
  await expect(page.getByRole("table", { name: t("goods.table") })).toContainText("¥19.90");
});

test("the order page reads cause before effect, says delivery errors in words and when the next try is", async ({ browser, baseURL }, testInfo) => {
  const email = `ux-figures-${Date.now()}@example.com`;
  const out = JSON.parse(cli("merchants", "create", "--email", email, "--password", PASSWORD, "--name", "数字茶馆")) as { testSecretKey: string };
  const auth = { Authorization: `Bearer ${out.testSecretKey}` };
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: PHONE_UA, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  // A notify URL whose domain does not exist (.invalid never resolves): every delivery fails and is retried.
  const goods = await context.request.post("/api/v1/goods", { headers: auth, data: { name: "乌龙茶", price: 880, notifyUrls: { orderPaid: "http://payrelay-e2e.invalid/paid" } } });
  expect(goods.status()).toBe(201);
  const goodsId = ((await goods.json()) as { id: string }).id;
  const created = await context.request.post("/api/v1/checkout-sessions", { headers: auth, data: { goodsId, quantity: 1, buyerId: "buyer-2", successUrl: `${baseURL}/?from=checkout` } });
  const cs = (await created.json()) as { url: string };

  const buyer = await context.newPage();
  await buyer.goto(cs.url);
  // The buyer first picks WeChat Pay, comes back and pays with Alipay: the WeChat order is closed, superseded.
  await buyer.getByRole("button", { name: "微信支付" }).click();
  await expect(buyer).toHaveURL(/\/sandbox\/pay\/sbt_/);
  await buyer.goto(cs.url);
  await buyer.getByRole("button", { name: "支付宝" }).click();
  await buyer.getByRole("button", { name: /^确认付款 ¥8\.80$/ }).click();
  await buyer.waitForURL(/from=checkout/, { timeout: 20_000 });
  const orderId = new URL(buyer.url()).searchParams.get("orderId")!;

  const page = await context.newPage();
  await signIn(page, email);
  // The switch is not a failed payment: one paid session is a 100 % success rate, and the page says what it left out.
  await expect(page.getByText(t("dashboard.successRateSub", { superseded: 1 }))).toBeVisible();
  await expect(page.getByText("100%", { exact: true })).toBeVisible();
  await shots(page, testInfo, "dashboard");
  // The order list shows the WeChat order under its checkout, as superseded rather than failed.
  await page.goto("/orders");
  await expect(page.getByTestId("superseded")).toHaveCount(1);
  await expect(page.getByTestId("order-row").filter({ has: page.getByTestId("superseded") })).toContainText(t("labels.channel.wechat_h5"));
  await shots(page, testInfo, "orders");
  await page.goto(`/orders/${orderId}`);
  const timeline = page.getByTestId("timeline");
  // "paid" carries the channel's payment time, earlier than the callback or query that told payrelay;
  // it is listed right after that cause (here whichever came first), never before it.
  const entries = await timeline.locator(":scope > li").allInnerTexts();
  const paid = entries.findIndex((e) => e.startsWith(t("timeline.paid")));
  expect(paid, entries.join(" | ")).toBeGreaterThan(0);
  const cause = entries[paid - 1]!;
  const appliedCallback = entries.some((e) => e.startsWith(t("timeline.callback", { provider: "alipay" })) && e.includes(t("timeline.callbackOutcome.applied")));
  // The callback that applied it when there is one, else the query that found it paid.
  if (appliedCallback) expect(cause.includes(t("timeline.callbackOutcome.applied")), entries.join(" | ")).toBe(true);
  else expect(cause.startsWith(t("timeline.request.query")) && /\bpaid\b/.test(cause), entries.join(" | ")).toBe(true);
  // order.paid, made by the transition, comes after it.
  expect(entries.findIndex((e) => e.startsWith(t("timeline.event", { type: "order.paid" }))), entries.join(" | ")).toBeGreaterThan(paid);

  // The failed delivery: the reason in words (the DNS answer), never Node's code, and when it is tried next.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("attempt").first()).toContainText("解析域名 payrelay-e2e.invalid", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("attempt").first()).not.toContainText("ENOTFOUND");
  await expect(page.getByTestId("attempt").first()).not.toContainText("EAI_AGAIN");
  await expect(page.getByTestId("next-attempt")).toContainText(t("order.nextAttempt", { at: "" }).trim());
  await shots(page, testInfo, "order");
  await context.close();
});

test("a test payment from the dashboard on a phone goes through the hosted checkout, as a buyer's would", async ({ browser }, testInfo) => {
  const email = `ux-trial-${Date.now()}@example.com`;
  const out = JSON.parse(cli("merchants", "create", "--email", email, "--password", PASSWORD, "--name", "试付茶馆")) as { testSecretKey: string; testPublishableKey: string };
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: PHONE_UA, locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const goods = await context.request.post("/api/v1/goods", { headers: { Authorization: `Bearer ${out.testSecretKey}` }, data: { name: "红茶", price: 500 } });
  const goodsId = ((await goods.json()) as { id: string }).id;
  const page = await context.newPage();
  await signIn(page, email);

  await page.getByText(t("dashboard.testPayment.apiTitle")).click();
  await expect(page.getByTestId("api-call")).toContainText(`Bearer ${out.testPublishableKey}`);
  await expect(page.getByTestId("api-call")).toContainText(goodsId);
  await shots(page, testInfo, "dashboard-test-payment");
  await page.getByRole("button", { name: t("dashboard.testPayment.submit") }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_[0-9A-Za-z]+$/, { timeout: 20_000 });
  await expect(page).toHaveTitle("红茶 · 试付茶馆");
  await page.getByRole("button", { name: "支付宝" }).click();
  await page.getByRole("button", { name: /^确认付款 ¥5\.00$/ }).click();
  await expect(page).toHaveURL(/\/orders\/ord_[0-9A-Za-z]+$/, { timeout: 30_000 });
  await context.close();
});

test("the live dashboard lists what is left before going live, ticked from the merchant's live data", async ({ page }, testInfo) => {
  const shop = newMerchant("上线茶馆");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, shop.email);
  await page.getByRole("button", { name: t("nav.live"), exact: true }).click();
  const checklist = page.getByRole("list", { name: t("dashboard.goLive.title") });
  await expect(checklist).toBeVisible();
  await expect(page.getByText(t("dashboard.goLive.description", { left: 4 }))).toBeVisible();
  for (const id of ["channels", "secretKey", "goods", "notify"]) await expect(page.getByTestId(`go-live-${id}`)).toHaveAttribute("data-done", "false");
  await expect(page.getByTestId("go-live-domains")).toContainText("/checkout/");
  await shots(page, testInfo, "go-live");

  // A live secret key, from the link on the list.
  await page.getByTestId("go-live-secretKey").getByRole("link", { name: t("dashboard.goLive.links.secretKey") }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await page.getByRole("button", { name: t("keys.create") }).click();
  await expect(page.getByText(t("keys.createdKey", { kind: "secret" }))).toBeVisible();
  // Live goods with a notify URL.
  await page.goto("/goods/new");
  await field(page, t("goods.form.name")).fill("正式商品");
  await field(page, t("goods.form.price")).fill("9.9");
  await field(page, t("goods.form.orderPaid")).fill("https://shop.example.com/paid");
  await page.getByRole("button", { name: t("goods.create") }).click();
  await expect(page).toHaveURL(/\/goods\?created=goods_/);

  await page.goto("/dashboard");
  for (const id of ["secretKey", "goods", "notify"]) await expect(page.getByTestId(`go-live-${id}`)).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("go-live-channels")).toHaveAttribute("data-done", "false");
  await expect(page.getByText(t("dashboard.goLive.description", { left: 1 }))).toBeVisible();
  await page.getByTestId("go-live-channels").getByRole("link", { name: t("dashboard.goLive.links.channels") }).click();
  await expect(page).toHaveURL(/\/channels$/);
});

test("Verify credentials makes a harmless signed call and says in words whether the keys work", async ({ page }, testInfo) => {
  const shop = newMerchant("验证茶馆");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, shop.email);
  // Test mode: the sandbox accounts made at sign-up answer a signed "no such order": verified.
  await page.goto("/channels");
  const alipay = page.getByTestId("verify-alipay");
  await alipay.getByRole("button", { name: t("channels.verify.button") }).click();
  await expect(alipay.getByRole("status")).toHaveText(t("channels.verify.ok"));
  const wechat = page.getByTestId("verify-wechatpay");
  await wechat.getByRole("button", { name: t("channels.verify.button") }).click();
  await expect(wechat.getByRole("status")).toHaveText(t("channels.verify.ok"));
  await shots(page, testInfo, "channels-verified");

  // Live mode, keys that parse but that Alipay has never seen (and no way to reach it from here):
  // the check fails, in words, never as "verified".
  await page.getByRole("button", { name: t("nav.live"), exact: true }).click();
  // The switch is a server action that sets the mode cookie: wait for live mode before moving on.
  await expect(page.getByTestId("test-mode-banner")).toHaveCount(0);
  await page.goto("/channels");
  const pem = () => {
    const k = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { priv: k.privateKey.export({ format: "pem", type: "pkcs8" }).toString(), pub: k.publicKey.export({ format: "pem", type: "spki" }).toString() };
  };
  await page.locator("#alipay-appId").fill("2021000000000001");
  await page.locator("#alipay-privateKey").fill(pem().priv);
  await page.locator("#alipay-alipayPublicKey").fill(pem().pub);
  await page.getByRole("button", { name: t("channels.saveCredentials") }).first().click();
  await expect(page.getByTestId("credential-version")).toHaveCount(1);
  const live = page.getByTestId("verify-alipay");
  await live.getByRole("button", { name: t("channels.verify.button") }).click();
  await expect(live.getByRole("alert")).toBeVisible({ timeout: 30_000 });
  await expect(live.getByRole("alert")).not.toHaveText(t("channels.verify.ok"));
  await shots(page, testInfo, "channels-verify-failed");
});

test("channel keys can be read from .pem files, and a validation error keeps every key already pasted", async ({ page }, testInfo) => {
  const shop = newMerchant("密钥茶馆");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, shop.email);
  await page.getByRole("button", { name: t("nav.live"), exact: true }).click();
  // The switch is a server action that sets the mode cookie: wait for live mode before moving on.
  await expect(page.getByTestId("test-mode-banner")).toHaveCount(0);
  await page.goto("/channels");
  // Every credential field says where in the provider's console to find it (read as the field's description).
  const where = [
    ["alipay-appId", "channels.hints.alipay.appId"],
    ["alipay-privateKey", "channels.hints.alipay.privateKey"],
    ["alipay-alipayPublicKey", "channels.hints.alipay.alipayPublicKey"],
    ["wechatpay-appId", "channels.hints.wechatpay.appId"],
    ["wechatpay-mchId", "channels.hints.wechatpay.mchId"],
    ["wechatpay-serialNo", "channels.hints.wechatpay.serialNo"],
    ["wechatpay-privateKey", "channels.hints.wechatpay.privateKey"],
    ["wechatpay-apiV3Key", "channels.hints.wechatpay.apiV3Key"],
    ["wechatpay-platformPublicKey", "channels.hints.wechatpay.platformPublicKey"],
    ["wechatpay-platformPublicKeyId", "channels.hints.wechatpay.platformPublicKeyId"],
    ["wechatpay-appSecret", "channels.hints.wechatpay.appSecret"],
  ] as const;
  for (const [id, hint] of where) await expect(page.locator(`#${id}`)).toHaveAccessibleDescription(t(hint));
  const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const alipay = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const appPrivate = app.privateKey.export({ format: "pem", type: "pkcs8" }).toString();

  await field(page, t("channels.fields.alipay.appId")).fill("2021000000000003");
  // The app private key from its file, as downloaded from Alipay's key tool.
  await page.getByLabel(t("channels.pemUpload", { field: t("channels.fields.alipay.privateKey") })).setInputFiles({ name: "app_private_key.pem", mimeType: "application/x-pem-file", buffer: Buffer.from(appPrivate) });
  await expect(page.locator("#alipay-privateKey")).toHaveValue(appPrivate.slice(0, 20_000));
  // A mistake in another field: the error is shown, and the pasted private key is still there.
  await page.locator("#alipay-alipayPublicKey").fill("hello");
  await page.getByRole("button", { name: t("channels.saveCredentials") }).first().click();
  await expect(page.locator("#alipay-alipayPublicKey-error")).toBeVisible();
  await expect(page.locator("#alipay-privateKey")).toHaveValue(appPrivate);
  await expect(field(page, t("channels.fields.alipay.appId"))).toHaveValue("2021000000000003");
  await shots(page, testInfo, "channels-kept");

  await page.locator("#alipay-alipayPublicKey").fill(alipay.publicKey.export({ format: "pem", type: "spki" }).toString());
  await page.getByRole("button", { name: t("channels.saveCredentials") }).first().click();
  await expect(page.getByText(t("channels.saved")).first()).toBeVisible();
  // Saved: secrets are stored encrypted and never shown again, so the pasted text is gone.
  await expect(page.locator("#alipay-privateKey")).toHaveValue("");
});
