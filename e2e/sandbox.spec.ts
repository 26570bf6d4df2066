import path from "node:path";
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { AlipaySdk } from "alipay-sdk";
import { loadChannelAccountOrThrow } from "../lib/channel-accounts/channel-accounts";
import { closeDb } from "../lib/db/client";

/**
 * A person opens the sandbox cashier from a URL the real alipay-sdk built, with the test-mode
 * credentials payrelay provisioned at sign-up, and presses Pay; Alipay's signed return follows.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");

test.afterAll(async () => closeDb());

test("the sandbox cashier opens from an SDK-built pay URL and Pay returns to the merchant, signed", async ({ page, baseURL }) => {
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", "merchants", "create", "--email", `cashier-${Date.now()}@example.com`, "--password", "a long e2e passphrase", "--name", "沙箱测试商户"], {
    cwd: root,
    env: process.env,
  });
  const merchant = JSON.parse(out.toString()) as { merchantId: string };
  const account = await loadChannelAccountOrThrow({ merchantId: merchant.merchantId, livemode: false }, "alipay");
  const sdk = new AlipaySdk({
    appId: account.publicConfig.appId!,
    privateKey: account.secrets.privateKey!,
    keyType: "PKCS8",
    alipayPublicKey: account.publicConfig.alipayPublicKey!,
    gateway: `${baseURL}/sandbox/alipay/gateway.do`,
  });
  const outTradeNo = `E2E${Date.now()}`;
  const payUrl = sdk.pageExec("alipay.trade.wap.pay", "GET", {
    bizContent: { outTradeNo, totalAmount: "0.01", subject: "Goods a × 1", productCode: "QUICK_WAP_WAY" },
    returnUrl: `${baseURL}/?from=alipay`,
  });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(payUrl);
  await expect(page).toHaveURL(/\/sandbox\/pay\/sbt_/);
  await expect(page.getByTestId("amount")).toHaveText("¥0.01");
  await expect(page.getByTestId("merchant")).toHaveText("沙箱测试商户");
  await expect(page.getByTestId("subject")).toHaveText("Goods a × 1");
  await page.screenshot({ path: path.join(ARTIFACTS, "sandbox-cashier.png"), fullPage: true });

  await page.getByRole("button", { name: /^(确认付款|Pay) ¥0\.01$/ }).click();
  await page.waitForURL(/from=alipay/);
  const back = new URL(page.url());
  const params = Object.fromEntries(back.searchParams);
  expect(params.out_trade_no).toBe(outTradeNo);
  expect(params.total_amount).toBe("0.01");
  expect(params.sign).toBeTruthy();
  const { from: _from, ...signed } = params;
  expect(sdk.checkNotifySignV2(signed)).toBe(true);

  const query = await sdk.exec("alipay.trade.query", { bizContent: { outTradeNo } }, { validateSign: true });
  expect(query).toMatchObject({ code: "10000", tradeStatus: "TRADE_SUCCESS" });

  // Reopening a paid trade shows it can no longer be paid.
  await page.goBack();
  await page.reload();
  await expect(page.getByTestId("not-payable")).toBeVisible();
});
