import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { call } from "../helpers/api";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const cli = (...args: string[]) =>
  run(path.join(root, "node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], { cwd: root, env: process.env });

/** Each call starts a process (tsx, a migration check): seconds apiece on a busy two-core machine. */
const SLOW = 90_000;

describe("operator CLI", () => {
  it("creates a merchant whose printed keys work, lists it, and creates a live secret key", async () => {
    const { stdout } = await cli("merchants", "create", "--email", "cli@example.com", "--password", "a long cli passphrase", "--name", "CLI shop");
    const created = JSON.parse(stdout);
    expect(Object.keys(created).sort()).toEqual(["merchantId", "testPublishableKey", "testSecretKey", "webhookSecret"]);
    expect(created.merchantId).toMatch(/^mer_/);
    expect(created.testSecretKey).toMatch(/^sk_test_/);
    expect(created.testPublishableKey).toMatch(/^pk_test_/);
    expect(created.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const goods = await call("POST", "/api/v1/goods", { key: created.testSecretKey, body: { name: "a", price: 1 } });
    expect(goods.status).toBe(201);
    expect((await call("GET", "/api/v1/goods", { key: created.testPublishableKey })).status).toBe(403);

    const list = JSON.parse((await cli("merchants", "list")).stdout);
    expect(list.map((m: { id: string }) => m.id)).toContain(created.merchantId);

    const key = JSON.parse((await cli("keys", "create", "--merchant", created.merchantId, "--mode", "live", "--kind", "secret")).stdout);
    expect(key.key).toMatch(/^sk_live_/);
    const liveList = await call("GET", "/api/v1/goods", { key: key.key });
    expect(liveList.status).toBe(200);
    expect(liveList.body.data).toHaveLength(0);
  }, SLOW);

  it("exits non-zero with one clear line for bad input", async () => {
    await expect(cli("merchants", "create", "--email", "x@example.com", "--password", "short", "--name", "n")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("password"),
    });
    await expect(cli("keys", "create")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--merchant is required") });
    await expect(cli("keys", "create", "--merchant", "mer_nope")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No such merchant") });
  }, SLOW);
});
