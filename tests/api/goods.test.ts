import { describe, expect, it, beforeAll } from "vitest";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";

let a: Awaited<ReturnType<typeof newMerchant>>;
let b: Awaited<ReturnType<typeof newMerchant>>;

beforeAll(async () => {
  [a, b] = await Promise.all([newMerchant("A"), newMerchant("B")]);
});

describe("goods", () => {
  it("creates goods with the price in fen and reads them back", async () => {
    const res = await call("POST", "/api/v1/goods", {
      key: a.testSecretKey,
      body: {
        name: "Monthly plan",
        description: "30 days",
        price: 1990,
        notifyUrls: { orderCreated: "https://shop.example.com/created", orderPaid: "https://shop.example.com/paid" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: "goods",
      livemode: false,
      name: "Monthly plan",
      description: "30 days",
      price: 1990,
      currency: "CNY",
      active: true,
      notifyUrls: { orderCreated: "https://shop.example.com/created", orderPaid: "https://shop.example.com/paid" },
    });
    expect(res.body.id).toMatch(/^goods_[0-9A-Za-z]{20}$/);
    const read = await call("GET", `/api/v1/goods/${res.body.id}`, { key: a.testSecretKey });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it("changes the price and retires goods with PATCH", async () => {
    const g = await newGoods(a.testSecretKey, { price: 500 });
    const patched = await call("PATCH", `/api/v1/goods/${g.id}`, { key: a.testSecretKey, body: { price: 800 } });
    expect(patched.status).toBe(200);
    expect(patched.body.price).toBe(800);
    expect(patched.body.name).toBe("Goods A");
    const retired = await call("PATCH", `/api/v1/goods/${g.id}`, {
      key: a.testSecretKey,
      body: { active: false, notifyUrls: { orderPaid: null } },
    });
    expect(retired.body).toMatchObject({ active: false, price: 800, notifyUrls: { orderPaid: null } });
    const read = await call("GET", `/api/v1/goods/${g.id}`, { key: a.testSecretKey });
    expect(read.body).toMatchObject({ active: false, price: 800 });
    const del = await call("DELETE", `/api/v1/goods/${g.id}`, { key: a.testSecretKey });
    expect(del.status).toBe(405);
    expect(del.body.error.code).toBe("method_not_allowed");
  });

  it("lists newest first with cursor pagination and an active filter", async () => {
    const m = await newMerchant("Lister");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newGoods(m.testSecretKey, { name: `g${i}`, active: i !== 2 })).id);
    const first = await call("GET", "/api/v1/goods?limit=2", { key: m.testSecretKey });
    expect(first.status).toBe(200);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.data.map((g: { id: string }) => g.id)).toEqual([ids[4], ids[3]]);
    const second = await call("GET", `/api/v1/goods?limit=2&startingAfter=${ids[3]}`, { key: m.testSecretKey });
    expect(second.body.data.map((g: { id: string }) => g.id)).toEqual([ids[2], ids[1]]);
    const last = await call("GET", `/api/v1/goods?limit=2&startingAfter=${ids[1]}`, { key: m.testSecretKey });
    expect(last.body).toMatchObject({ hasMore: false });
    expect(last.body.data.map((g: { id: string }) => g.id)).toEqual([ids[0]]);
    const active = await call("GET", "/api/v1/goods?active=false", { key: m.testSecretKey });
    expect(active.body.data.map((g: { id: string }) => g.id)).toEqual([ids[2]]);
    const bad = await call("GET", "/api/v1/goods?limit=0", { key: m.testSecretKey });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: "invalid_request", param: "limit" });
  });

  it("never shows one merchant's goods to another, nor test goods to a live key", async () => {
    const g = await newGoods(a.testSecretKey);
    const other = await call("GET", `/api/v1/goods/${g.id}`, { key: b.testSecretKey });
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({ type: "not_found", code: "resource_missing" });
    const patch = await call("PATCH", `/api/v1/goods/${g.id}`, { key: b.testSecretKey, body: { price: 1 } });
    expect(patch.status).toBe(404);
    expect((await call("GET", `/api/v1/goods/${g.id}`, { key: a.testSecretKey })).body.price).toBe(100);
    const list = await call("GET", "/api/v1/goods", { key: b.testSecretKey });
    expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(g.id);
    const cursor = await call("GET", `/api/v1/goods?startingAfter=${g.id}`, { key: b.testSecretKey });
    expect(cursor.status).toBe(404);
    const live = await call("GET", `/api/v1/goods/${g.id}`, { key: await a.liveSecretKey() });
    expect(live.status).toBe(404);
  });

  it.each([
    [{ price: 100 }, "parameter_missing", "name"],
    [{ name: "x", price: 1.5 }, "parameter_invalid", "price"],
    [{ name: "x", price: "100" }, "parameter_invalid", "price"],
    [{ name: "x", price: 0 }, "parameter_invalid", "price"],
    [{ name: "x", price: 100_000_001 }, "parameter_invalid", "price"],
    [{ name: "x", price: 100, currency: "USD" }, "parameter_invalid", "currency"],
    [{ name: "x", price: 100, notifyUrls: { orderPaid: "ftp://x" } }, "parameter_invalid", "notifyUrls.orderPaid"],
    [{ name: "x", price: 100, notifyUrls: { orderPaid: "https://u:p@x.com/" } }, "parameter_invalid", "notifyUrls.orderPaid"],
    [{ name: "x", price: 100, amount: 1 }, "parameter_unknown", "amount"],
    [{ name: "", price: 100 }, "parameter_invalid", "name"],
  ])("rejects %j with %s on %s and creates nothing", async (body, code, param) => {
    const m = await newMerchant();
    const res = await call("POST", "/api/v1/goods", { key: m.testSecretKey, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: "invalid_request", code, param });
    expect((await call("GET", "/api/v1/goods", { key: m.testSecretKey })).body.data).toHaveLength(0);
  });

  it("rejects an invalid PATCH without changing anything", async () => {
    const g = await newGoods(a.testSecretKey, { price: 300 });
    const res = await call("PATCH", `/api/v1/goods/${g.id}`, { key: a.testSecretKey, body: { price: -5, name: "new" } });
    expect(res.status).toBe(400);
    const read = await call("GET", `/api/v1/goods/${g.id}`, { key: a.testSecretKey });
    expect(read.body).toMatchObject({ price: 300, name: "Goods A" });
  });
});
