import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { call } from "../helpers/api";
import { newMerchant } from "../helpers/fixtures";
import { setLogDestination } from "../../lib/log";

const lines: string[] = [];
setLogDestination({ write: (line: string) => void lines.push(line) }, "debug");

describe("logs", () => {
  it("are JSON lines with a request id and never carry keys or channel secrets", async () => {
    const m = await newMerchant();
    const live = await m.liveSecretKey();
    const app = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const ali = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    await call("PUT", "/api/v1/channel-accounts/alipay", {
      key: live,
      body: { appId: "2021000000000001", privateKey: app.privateKey, alipayPublicKey: ali.publicKey },
      headers: { "x-request-id": "req-test-123" },
    });
    await call("PUT", "/api/v1/channel-accounts/alipay", {
      key: live,
      body: { appId: "2021000000000001", privateKey: app.privateKey.replace("A", "!"), alipayPublicKey: ali.publicKey },
    });
    await call("POST", "/api/v1/goods", { key: m.testSecretKey, rawBody: "{bad", headers: { "content-type": "application/json" } });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.find((p) => p.requestId === "req-test-123")).toMatchObject({ msg: "request", status: 200, path: "/api/v1/channel-accounts/alipay" });
    for (const p of parsed) expect(p.requestId).toBeTruthy();
    const all = lines.join("\n");
    const keyBody = app.privateKey.split("\n")[3]!;
    expect(all).not.toContain(keyBody);
    expect(all).not.toContain(live);
    expect(all).not.toContain(m.testSecretKey);
  });
});
