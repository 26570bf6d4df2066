import path from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { translatorFor } from "../lib/i18n/messages";

/**
 * The Webhooks page's endpoints, as a merchant uses them: add an endpoint (URL and events), send the
 * test event to a receiver this test runs and read the answer on the page, verify that event's
 * signature with the standardwebhooks package, edit the endpoint, disable it, delete it.
 * Screenshots land in e2e/artifacts/webhook-endpoints-*.png.
 */
const root = path.resolve(import.meta.dirname, "..");
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const t = translatorFor("en");
// Server actions and page loads are slow on a busy two-core machine; the defaults (5 s) are not.
const expect = baseExpect.configure({ timeout: 30_000 });
test.use({ actionTimeout: 30_000 });
const PASSWORD = "a long e2e passphrase";

type Received = { path: string; headers: Record<string, string>; body: string };
const received: Received[] = [];
let receiver: http.Server;
let hookBase = "";

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ path: req.url ?? "", headers, body });
      res.writeHead(202, { "content-type": "text/plain" }).end("pong from the merchant");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

function cli(...args: string[]) {
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], { cwd: root, env: process.env });
  return JSON.parse(out.toString());
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `webhook-endpoints-${name}.png`), fullPage: true });

test("a merchant adds an endpoint, sends it a signed test event, edits, disables and deletes it", async ({ page }) => {
  test.setTimeout(180_000);
  const email = `endpoints-${Date.now()}@example.com`;
  const merchant = cli("merchants", "create", "--email", email, "--password", PASSWORD, "--name", "Endpoint Tea");

  await page.goto("/signin");
  await field(page, t("auth.email")).fill(email);
  await field(page, t("auth.password")).fill(PASSWORD);
  await page.getByRole("button", { name: t("auth.signIn.submit"), exact: true }).click();
  await expect(page.getByRole("heading", { name: t("dashboard.title") })).toBeVisible();

  await page.getByRole("navigation", { name: t("nav.label") }).getByRole("link", { name: t("nav.webhooks") }).click();
  await expect(page.getByText(t("endpoints.empty", { mode: "test" }))).toBeVisible();

  // Nothing chosen and a bad URL: both said next to their fields, nothing created.
  const form = page.getByTestId("endpoint-form");
  await field(page, t("endpoints.form.url")).fill("not a url");
  await form.getByRole("button", { name: t("endpoints.form.create") }).click();
  await expect(page.locator("#f-url-error")).toHaveText(t("endpoints.errors.url", { field: t("endpoints.form.url") }));
  await expect(form.getByText(t("endpoints.errors.events", { field: t("endpoints.form.events") }))).toBeVisible();
  await expect(page.getByTestId("endpoint-row")).toHaveCount(0);

  await field(page, t("endpoints.form.url")).fill(`${hookBase}/hooks/erp`);
  await form.getByLabel("order.paid").check();
  await form.getByLabel("order.closed").check();
  await field(page, t("endpoints.form.description")).fill("ERP");
  await form.getByRole("button", { name: t("endpoints.form.create") }).click();
  await expect(page.getByText(t("endpoints.form.created"))).toBeVisible();
  const row = page.getByTestId("endpoint-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${hookBase}/hooks/erp`);
  await expect(row).toContainText("order.paid, order.closed");
  await expect(row.getByTestId("endpoint-status")).toHaveText(t("endpoints.status.enabled"));
  await expect(row.getByTestId("endpoint-rate")).toHaveText(t("endpoints.noDeliveries"));

  // The test event: the page shows the receiver's answer; the receiver verifies the signature.
  await row.getByRole("button", { name: t("endpoints.test.button") }).click();
  const result = row.getByTestId("test-event-result");
  await expect(result).toContainText(/HTTP 202/);
  await expect(result).toContainText("pong from the merchant");
  await shot(page, "test-event");
  expect(received).toHaveLength(1);
  const ping = received[0]!;
  expect(ping.path).toBe("/hooks/erp");
  const verified = new Webhook(merchant.webhookSecret).verify(ping.body, ping.headers) as { id: string; type: string; livemode: boolean; data: { webhookEndpoint: { url: string } } };
  expect(verified).toMatchObject({ type: "ping", livemode: false, data: { webhookEndpoint: { url: `${hookBase}/hooks/erp` } } });
  expect(verified.id).toBe(ping.headers["webhook-id"]);
  // A tampered body does not verify.
  expect(() => new Webhook(merchant.webhookSecret).verify(ping.body.replace("ping", "pong"), ping.headers)).toThrow();

  // Edit: all events, a new URL.
  await row.getByRole("link", { name: t("endpoints.edit") }).click();
  await expect(page.getByRole("heading", { name: t("endpoints.editTitle") })).toBeVisible();
  await field(page, t("endpoints.form.url")).fill(`${hookBase}/hooks/all`);
  await page.getByLabel(t("endpoints.allEvents")).check();
  await page.getByRole("button", { name: t("endpoints.form.save") }).click();
  await expect(page.getByText(t("endpoints.form.saved"))).toBeVisible();
  await page.getByRole("link", { name: t("endpoints.back") }).click();
  await expect(row).toContainText(`${hookBase}/hooks/all`);
  await expect(row).toContainText(t("endpoints.allEvents"));

  // Disable, then delete.
  await row.getByRole("button", { name: t("endpoints.disable") }).click();
  await expect(row.getByTestId("endpoint-status")).toHaveText(t("endpoints.status.disabled"));
  await shot(page, "disabled");
  await row.getByRole("button", { name: t("endpoints.delete") }).click();
  await row.getByRole("button", { name: t("endpoints.yesDelete") }).click();
  await expect(page.getByTestId("endpoint-row")).toHaveCount(0);
  await expect(page.getByText(t("endpoints.empty", { mode: "test" }))).toBeVisible();
});
