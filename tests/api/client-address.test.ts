import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { call } from "../helpers/api";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";
import { ConfigError, parseConfig, resetConfigForTests } from "../../lib/config";
import { addressBucket, normaliseIp, parseTrustedProxies } from "../../lib/ip";
import { SOCKET_ADDRESS_HEADER, clientAddress } from "../../lib/api/client-address";

let app: AppServer;
let shop: Awaited<ReturnType<typeof newMerchant>>;
let goodsId: string;
beforeAll(async () => {
  app = await startAppServer();
  shop = await newMerchant();
  goodsId = (await newGoods(shop.testSecretKey)).id;
});
afterAll(async () => app.close());
afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  resetConfigForTests();
});

function trustProxies(list: string) {
  process.env.TRUSTED_PROXIES = list;
  resetConfigForTests();
}

/** A wechat_h5 order over real HTTP without clientIp in the body: the order keeps the address we resolved. */
async function orderOverHttp(headers: Record<string, string>, body: Record<string, unknown> = {}) {
  const res = await fetch(`${app.base}/api/v1/orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${shop.testPublishableKey}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ goodsId, quantity: 1, channel: "wechat_h5", buyerId: "b-1", ...body }),
  });
  const json = (await res.json()) as { id?: string; error?: { code: string; param?: string } };
  const [row] = json.id ? await db().select({ clientIp: orders.clientIp }).from(orders).where(eq(orders.id, json.id)) : [];
  return { status: res.status, json, clientIp: row?.clientIp };
}

describe("the client address over a real socket", () => {
  it("is the socket's: a client's own X-Forwarded-For, X-Real-IP or socket-address header is ignored", async () => {
    const res = await orderOverHttp({ "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.8", [SOCKET_ADDRESS_HEADER]: "198.51.100.9" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.clientIp).toBe("127.0.0.1");
  });

  it("behind a trusted proxy is the right-most untrusted X-Forwarded-For hop, never one the client wrote", async () => {
    trustProxies("127.0.0.1, ::1");
    // The client wrote 203.0.113.1; our proxy (127.0.0.1, trusted) appended the address it saw.
    const res = await orderOverHttp({ "x-forwarded-for": "203.0.113.1, 198.51.100.7" });
    expect(res.clientIp).toBe("198.51.100.7");
    // Two trusted hops (a CIDR): the first untrusted one from the right.
    trustProxies("127.0.0.0/8 198.51.100.0/24");
    expect((await orderOverHttp({ "x-forwarded-for": "203.0.113.1, 198.51.100.7" })).clientIp).toBe("203.0.113.1");
  });

  it("a 100-character zone id is never a 500: refused in the body, normalised when a trusted proxy forwards it", async () => {
    const zoned = `fe80::1%${"z".repeat(100)}`;
    const bodyRes = await orderOverHttp({}, { clientIp: zoned });
    expect(bodyRes.status).toBe(400);
    expect(bodyRes.json.error).toMatchObject({ code: "parameter_invalid", param: "clientIp" });
    const tooLong = await orderOverHttp({}, { clientIp: `1.2.3.4${" ".repeat(60)}` });
    expect(tooLong.status).toBe(400);
    trustProxies("127.0.0.1");
    const forwarded = await orderOverHttp({ "x-forwarded-for": zoned });
    expect(forwarded.status, JSON.stringify(forwarded.json)).toBe(201);
    expect(forwarded.clientIp).toBe("fe80::1");
  });

  it("stores a body clientIp in canonical form", async () => {
    const res = await orderOverHttp({}, { clientIp: "0:0:0:0:0:ffff:cb00:7105" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.clientIp).toBe("203.0.113.5");
  });
});

describe("resolving the address from the stamped headers", () => {
  const headers = (peer: string, xff?: string) => new Headers({ [SOCKET_ADDRESS_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });
  // The marker is set by the serving layer's stamp; the test's own call() stamps through the same function.
  beforeAll(async () => void (await call("GET", "/api/ping")));

  it("trusts nobody by default", () => {
    expect(clientAddress(headers("192.0.2.1", "10.9.9.9"), parseTrustedProxies(""))).toBe("192.0.2.1");
  });

  it("walks IPv6 CIDRs and stops at garbage a trusted hop passed on", () => {
    const trusted = parseTrustedProxies("2001:db8::/32,10.0.0.0/8");
    expect(clientAddress(headers("2001:db8::5", "2400:cb00::1, 10.1.2.3"), trusted)).toBe("2400:cb00::1");
    expect(clientAddress(headers("10.0.0.1", "not-an-ip, 10.1.2.3"), trusted)).toBe("10.1.2.3");
    // All hops trusted: the left-most is the best we know.
    expect(clientAddress(headers("::ffff:10.0.0.1", "10.1.1.1"), trusted)).toBe("10.1.1.1");
    expect(clientAddress(new Headers(), trusted)).toBeNull();
  });

  it("normalises and buckets addresses", () => {
    expect(normaliseIp("[2001:DB8:0:0::1]:443")).toBe("2001:db8::1");
    expect(normaliseIp("198.51.100.7:5555")).toBe("198.51.100.7");
    expect(normaliseIp("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(normaliseIp("x".repeat(300))).toBeNull();
    expect(addressBucket("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("198.51.100.7")).toBe("198.51.100.7");
  });

  it("a bad TRUSTED_PROXIES entry stops start-up with its name", () => {
    const env = { PAYRELAY_MASTER_KEY: Buffer.alloc(32).toString("base64"), AUTH_SECRET: "x".repeat(32) };
    for (const bad of ["10.0.0.0/33", "proxy.example.com", "fe80::1%eth0", "1.2.3.4/8/9"]) {
      expect(() => parseConfig({ ...env, TRUSTED_PROXIES: bad })).toThrow(ConfigError);
      expect(() => parseConfig({ ...env, TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES/);
    }
    expect(parseConfig({ ...env, TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::/32 192.0.2.7" }).TRUSTED_PROXIES).toBeTruthy();
  });
});
