import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * The API reference renders from the deployment alone: every request to another origin is blocked
 * (and recorded), and the page still shows the operations and the webhooks of the document.
 */
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");

test("the API reference at /docs/api renders offline from bundled assets", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const offsite: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin && !url.startsWith("data:")) {
      offsite.push(url);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  const res = await page.goto("/docs/api");
  expect(res?.status()).toBe(200);
  expect(res?.headers()["content-security-policy"]).toContain("default-src 'self'");
  // Swagger UI parses 1.7 MB of script and renders the whole document: slow on a busy two-core machine.
  await expect(page.getByText("Create goods", { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  for (const name of ["Create an order", "Retrieve an order", "Close an order", "Create a checkout session", "Resend an event now", "Set live channel credentials"]) {
    await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText("order.paid notification").first()).toBeVisible();

  // An operation opens with its parameters and the error shape.
  await page.getByText("Create an order", { exact: true }).first().click();
  await expect(page.getByText("Idempotency-Key").first()).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "api-reference.png"), fullPage: false });

  expect(offsite).toEqual([]);
  expect(errors).toEqual([]);
});
