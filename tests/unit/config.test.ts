import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../lib/config";

const good = { PAYRELAY_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"), AUTH_SECRET: "x".repeat(32) };

describe("configuration", () => {
  it("applies defaults", () => {
    const c = parseConfig(good);
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe("mysql://root@127.0.0.1:3306/payrelay");
    expect(c.NOTIFY_ALLOW_PRIVATE_HOSTS).toBe(false);
    expect(c.WECHATPAY_API_BASE).toBe("https://api.mch.weixin.qq.com");
    expect(c.METRICS_TOKEN).toBeUndefined();
    expect(c.WORKER_METRICS_PORT).toBe(9464);
    expect(c.WORKER_METRICS_HOST).toBe("127.0.0.1");
  });

  it("reads an empty METRICS_TOKEN as none (metrics off)", () => {
    expect(parseConfig({ ...good, METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    expect(parseConfig({ ...good, METRICS_TOKEN: " a-long-enough-token-123 " }).METRICS_TOKEN).toBe("a-long-enough-token-123");
  });

  it.each([
    [{ PAYRELAY_MASTER_KEY: undefined }, "Configuration error: PAYRELAY_MASTER_KEY is required"],
    [{ PAYRELAY_MASTER_KEY: "c2hvcnQ=" }, "Configuration error: PAYRELAY_MASTER_KEY must be 32 random bytes"],
    [{ DATABASE_URL: "postgres://x/y" }, "Configuration error: DATABASE_URL must be a mysql:// URL"],
    [{ PORT: "http" }, "Configuration error: PORT"],
    [{ NOTIFY_ALLOW_PRIVATE_HOSTS: "maybe" }, "Configuration error: NOTIFY_ALLOW_PRIVATE_HOSTS"],
    [{ PUBLIC_BASE_URL: "localhost:3000" }, "Configuration error: PUBLIC_BASE_URL"],
    [{ METRICS_TOKEN: "short" }, "Configuration error: METRICS_TOKEN must be at least 16 characters"],
    [{ WORKER_METRICS_PORT: "0" }, "Configuration error: WORKER_METRICS_PORT"],
    [{ REDIS_CLUSTER_NODES: "10.0.0.1:7000,not a node" }, "Configuration error: REDIS_CLUSTER_NODES"],
  ])("names the variable in one line for %j", (override, message) => {
    let thrown: unknown;
    try {
      parseConfig({ ...good, ...override });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const text = (thrown as Error).message;
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toContain(message);
  });

  it("strips a trailing slash from base URLs", () => {
    expect(parseConfig({ ...good, PUBLIC_BASE_URL: "https://pay.example.com/" }).PUBLIC_BASE_URL).toBe("https://pay.example.com");
  });
});
