import path from "node:path";
import { expect, test } from "@playwright/test";

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");

type Health = { status: string; mysql: { ok: boolean }; redis: { ok: boolean }; worker: { ok: boolean } };

test("home page shows payrelay", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "payrelay" })).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, "home.png"), fullPage: true });
});

test("health reports MySQL, Redis and the worker", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const health = (await res.json()) as Health;
  expect(health.mysql.ok).toBe(true);
  expect(health.redis.ok).toBe(true);
  // The worker writes its first heartbeat right after it starts; give a slow start some room.
  await expect
    .poll(async () => ((await (await request.get("/api/health")).json()) as Health).worker.ok, { timeout: 30_000 })
    .toBe(true);
});
