/**
 * Issue 12 item 7: no open redirects. The sandbox's WeChat OAuth stand-in returns only to payrelay's
 * own base URL; checkout sessions made with a publishable key return only to the merchant's listed
 * redirect domains (secret-key sessions are the merchant's server and may use any URL).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { redirectAllowed } from "../../lib/merchants/redirect-domains";

let m: Awaited<ReturnType<typeof newMerchant>>;
let goodsId: string;
beforeAll(async () => {
  m = await newMerchant();
  goodsId = (await newGoods(m.testSecretKey, { price: 100 })).id;
});

const base = () => process.env.PUBLIC_BASE_URL!;
const authorize = (redirectUri: string) =>
  call("GET", `/sandbox/wechat/connect/oauth2/authorize?appid=wx0123456789abcdef&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_base&state=s#wechat_redirect`);

describe("the sandbox's WeChat OAuth stand-in", () => {
  it.each([
    "https://evil.example/steal",
    "http://127.0.0.1:3000.evil.example/x",
    "javascript:alert(1)",
    "//evil.example/",
  ])("refuses to redirect to %s", async (target) => {
    const res = await authorize(target);
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it("refuses another port or scheme of the same host", async () => {
    const u = new URL(base());
    u.port = String(Number(u.port || 80) + 1);
    expect((await authorize(`${u.origin}/checkout/cs_x/oauth`)).status).toBe(400);
  });

  it("redirects to a page under payrelay's own base with a code", async () => {
    const res = await authorize(`${base()}/checkout/cs_x/oauth`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(new RegExp(`^${base().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/checkout/cs_x/oauth\\?code=[0-9a-f]{32}&state=s$`));
  });
});

const session = (key: string, urls: { successUrl: string; cancelUrl?: string }) =>
  call("POST", "/api/v1/checkout-sessions", { key, body: { goodsId, quantity: 1, buyerId: "b1", ...urls } });

describe("redirect domains for publishable-key checkout sessions", () => {
  it("with none listed, a publishable-key session is refused; a secret-key session is not", async () => {
    const refused = await session(m.testPublishableKey, { successUrl: "https://evil.example/phish" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ type: "invalid_request", code: "redirect_domain_not_allowed", param: "successUrl" });
    expect((await session(m.testSecretKey, { successUrl: "https://anywhere.example/ok" })).status).toBe(201);
  });

  it("lists, normalises and replaces the domains; only those hosts are accepted", async () => {
    const put = await call("PUT", "/api/v1/redirect-domains", { key: m.testSecretKey, body: { domains: ["Shop.Example", "*.cdn.example", "shop.example", "例え.jp"] } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ object: "redirect_domains", domains: ["shop.example", "*.cdn.example", "xn--r8jz45g.jp"] });
    expect((await call("GET", "/api/v1/redirect-domains", { key: m.testSecretKey })).body.domains).toEqual(["shop.example", "*.cdn.example", "xn--r8jz45g.jp"]);

    expect((await session(m.testPublishableKey, { successUrl: "https://shop.example/done", cancelUrl: "https://a.cdn.example/back" })).status).toBe(201);
    expect((await session(m.testPublishableKey, { successUrl: "https://例え.jp/ok" })).status).toBe(201);
    const badCancel = await session(m.testPublishableKey, { successUrl: "https://shop.example/done", cancelUrl: "https://evil.example/" });
    expect(badCancel.status).toBe(400);
    expect(badCancel.body.error).toMatchObject({ code: "redirect_domain_not_allowed", param: "cancelUrl" });
    for (const url of ["https://shop.example.evil.example/", "https://evilshop.example/", "https://cdn.example/", "https://shop.example@evil.example/"]) {
      const res = await session(m.testPublishableKey, { successUrl: url });
      expect(res.status, url).toBe(400);
    }
  });

  it("refuses what is not a host name, and the publishable key cannot change the list", async () => {
    for (const bad of ["https://shop.example", "shop.example/path", "shop.example:8443", "*", "*.", "a b", "", "*.*.x"]) {
      const res = await call("PUT", "/api/v1/redirect-domains", { key: m.testSecretKey, body: { domains: [bad] } });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.param).toBe("domains.0");
    }
    expect((await call("PUT", "/api/v1/redirect-domains", { key: m.testSecretKey, body: { domains: Array.from({ length: 21 }, (_, i) => `s${i}.example`) } })).status).toBe(400);
    const byPk = await call("PUT", "/api/v1/redirect-domains", { key: m.testPublishableKey, body: { domains: ["evil.example"] } });
    expect(byPk.status).toBe(403);
    expect((await call("GET", "/api/v1/redirect-domains", { key: m.testPublishableKey })).status).toBe(403);
  });

  it("another merchant's list is its own", async () => {
    const other = await newMerchant();
    expect((await call("GET", "/api/v1/redirect-domains", { key: other.testSecretKey })).body.domains).toEqual([]);
  });

  it("matches hosts exactly, and *.x only below x", () => {
    expect(redirectAllowed("https://a.b.cdn.example/x", ["*.cdn.example"])).toBe(true);
    expect(redirectAllowed("https://cdn.example/x", ["*.cdn.example"])).toBe(false);
    expect(redirectAllowed("https://xcdn.example/x", ["*.cdn.example"])).toBe(false);
    expect(redirectAllowed("http://shop.example:8080/x", ["shop.example"])).toBe(true);
    expect(redirectAllowed("not a url", ["shop.example"])).toBe(false);
  });
});
