import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { signatureHeader } from "../../lib/notify/signature";
import { RETRY_DELAYS_MS, retryDelayMs } from "../../lib/notify/schedule";
import { afterAttempt } from "../../lib/notify/attempt";
import { resetConfigForTests } from "../../lib/config";

describe("signatures", () => {
  it("verify with the standardwebhooks package, one entry per secret", () => {
    const a = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
    const b = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;
    const body = JSON.stringify({ id: "evt_1", type: "order.paid", data: { order: { attach: "中文 ✓" } } });
    const ts = Math.floor(Date.now() / 1000);
    const header = signatureHeader([a, b], "evt_1", ts, body);
    expect(header.split(" ")).toHaveLength(2);
    const headers = { "webhook-id": "evt_1", "webhook-timestamp": String(ts), "webhook-signature": header };
    expect(new Webhook(a).verify(body, headers)).toMatchObject({ id: "evt_1" });
    expect(new Webhook(b).verify(body, headers)).toMatchObject({ id: "evt_1" });
    expect(() => new Webhook(a).verify(body.replace("paid", "created"), headers)).toThrow();
    expect(() => new Webhook(a).verify(body, { ...headers, "webhook-id": "evt_2" })).toThrow();
  });
});

describe("retry schedule", () => {
  it("5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each within ±10 %, divided by TIME_SCALE; then failed", () => {
    process.env.TIME_SCALE = "1";
    resetConfigForTests();
    try {
      expect(RETRY_DELAYS_MS).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
      RETRY_DELAYS_MS.forEach((base, i) => {
        expect(retryDelayMs(i + 1, () => 0)).toBe(Math.round(base * 0.9));
        expect(retryDelayMs(i + 1, () => 1)).toBe(Math.round(base * 1.1));
      });
      expect(retryDelayMs(8)).toBeNull();
      const now = new Date();
      expect(afterAttempt(500, 7, now).status).toBe("pending");
      expect(afterAttempt(500, 8, now)).toEqual({ status: "failed", nextAttemptAt: null });
      expect(afterAttempt(null, 1, now).status).toBe("pending");
      expect(afterAttempt(204, 3, now)).toEqual({ status: "succeeded", nextAttemptAt: null });
      expect(afterAttempt(410, 1, now)).toEqual({ status: "stopped", nextAttemptAt: null });
      expect(afterAttempt(301, 1, now).status).toBe("pending"); // a redirect is not followed and not success
      process.env.TIME_SCALE = "1000";
      resetConfigForTests();
      expect(retryDelayMs(1, () => 0.5)).toBe(5);
    } finally {
      process.env.TIME_SCALE = "1000";
      resetConfigForTests();
    }
  });
});
