import { describe, expect, it, beforeAll, vi } from "vitest";
import { call } from "../helpers/api";
import { newMerchant } from "../helpers/fixtures";
import { createHash } from "node:crypto";
import { beginIdempotent } from "../../lib/api/idempotency";
import { resolveApiKey } from "../../lib/api-keys/api-keys";
import { redis } from "../../lib/redis";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";

let m: Awaited<ReturnType<typeof newMerchant>>;
beforeAll(async () => {
  m = await newMerchant();
});

const goodsCount = async () => (await call("GET", "/api/v1/goods?limit=100", { key: m.testSecretKey })).body.data.length;

describe("malformed requests", () => {
  it.each([
    ["malformed JSON", "{ name: ", "application/json", "invalid_json"],
    ["a JSON array", "[1,2]", "application/json", "invalid_json"],
    ["a JSON string", '"hi"', "application/json", "invalid_json"],
    ["form encoding", "name=x&price=1", "application/x-www-form-urlencoded", "unsupported_content_type"],
    ["no content type", '{"name":"x","price":1}', "", "unsupported_content_type"],
  ])("answers 400 in the contract's shape for %s and creates nothing", async (_label, raw, type, code) => {
    const before = await goodsCount();
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const res = await call("POST", "/api/v1/goods", { key: m.testSecretKey, rawBody: raw, headers });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: "invalid_request", code });
    expect(typeof res.body.error.message).toBe("string");
    expect(await goodsCount()).toBe(before);
  });

  it("refuses a body over 64 KiB, declared or streamed without a length", async () => {
    const big = JSON.stringify({ name: "x", price: 1, description: "a".repeat(70 * 1024) });
    const declared = await call("POST", "/api/v1/goods", { key: m.testSecretKey, rawBody: big, headers: { "content-type": "application/json" } });
    expect(declared.status).toBe(400);
    expect(declared.body.error.code).toBe("body_too_large");
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await call("POST", "/api/v1/goods", { key: m.testSecretKey, rawBody: stream, headers: { "content-type": "application/json" } });
    expect(streamed.status).toBe(400);
    expect(streamed.body.error.code).toBe("body_too_large");
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const res = await call("GET", "/api/v1/nope/nothing", { key: m.testSecretKey });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: "not_found", code: "route_not_found" });
  });
});

describe("Idempotency-Key", () => {
  const post = (idem: string, body: unknown) =>
    call("POST", "/api/v1/goods", { key: m.testSecretKey, body, headers: { "idempotency-key": idem } });

  it("replays the first response for the same key and body, creating one goods", async () => {
    const before = await goodsCount();
    const first = await post("idem-replay-1", { name: "Once", price: 100 });
    expect(first.status).toBe(201);
    const second = await post("idem-replay-1", { price: 100, name: "Once" });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await goodsCount()).toBe(before + 1);
  });

  it("answers 409 idempotency_key_reused for the same key with a different body", async () => {
    await post("idem-reuse-1", { name: "First", price: 100 });
    const before = await goodsCount();
    const res = await post("idem-reuse-1", { name: "Second", price: 100 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ type: "conflict", code: "idempotency_key_reused" });
    expect(await goodsCount()).toBe(before);
  });

  it("many identical requests at once: exactly one runs, every other answer replays it or says in progress", async () => {
    const before = await goodsCount();
    const slowBody = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 10));
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ name: "Slow", price: 100 })));
        controller.close();
      },
    });
    // Whether any of them overlaps the first depends on timing; what may never happen is a second run.
    const results = await Promise.all([
      call("POST", "/api/v1/goods", { key: m.testSecretKey, rawBody: slowBody, headers: { "idempotency-key": "idem-race", "content-type": "application/json" } }),
      ...Array.from({ length: 9 }, () => post("idem-race", { name: "Slow", price: 100 })),
    ]);
    const created = results.filter((r) => r.status === 201);
    const inProgress = results.filter((r) => r.status === 409);
    expect(created.length + inProgress.length).toBe(10);
    for (const r of inProgress) expect(r.body.error.code).toBe("idempotency_in_progress");
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(await goodsCount()).toBe(before + 1);
  });

  it("answers 409 idempotency_in_progress while the first request runs, and replays it once done", async () => {
    // The first request holds the key exactly as the route wrapper does while its handler runs.
    const request = { method: "POST", path: "/api/v1/goods", body: { name: "Held", price: 100 } };
    const first = await beginIdempotent("key:held-scope", "idem-held", request);
    expect(first.kind).toBe("proceed");
    await expect(beginIdempotent("key:held-scope", "idem-held", request)).rejects.toMatchObject({ status: 409, code: "idempotency_in_progress" });
    // Another API key's namespace is its own.
    expect((await beginIdempotent("key:other-scope", "idem-held", request)).kind).toBe("proceed");
    if (first.kind !== "proceed") throw new Error("unreachable");
    await first.complete(201, { id: "gds_held" });
    expect(await beginIdempotent("key:held-scope", "idem-held", request)).toMatchObject({ kind: "replay", status: 201, body: { id: "gds_held" } });
  });

  /**
   * An order made under `idemKey`, then what Redis knows after a crash between the order's commit
   * and recording its answer: nothing (`forget`: the answer was never recorded and the lock lapsed).
   */
  async function orderThenCrash(idemKey: string, goodsName: string) {
    const goods = (await call("POST", "/api/v1/goods", { key: m.testSecretKey, body: { name: goodsName, price: 100 } })).body;
    const buyerId = `crash-${idemKey}-${Date.now()}`;
    const body = { goodsId: goods.id, quantity: 1, channel: "alipay_h5", buyerId };
    const send = (b: unknown = body) => call("POST", "/api/v1/orders", { key: m.testPublishableKey, body: b, headers: { "idempotency-key": idemKey } });
    const { keyId } = (await resolveApiKey(m.testPublishableKey))!;
    const forget = () => redis().del(`idem:key:${keyId}:${createHash("sha256").update(idemKey).digest("hex")}`);
    const first = await send();
    expect(first.status).toBe(201);
    const orderIds = async () => (await call("GET", `/api/v1/orders?buyerId=${buyerId}`, { key: m.testSecretKey })).body.data.map((o: { id: string }) => o.id);
    return { goods, body, send, forget, first, orderIds };
  }

  it("a retry after the process died between an order's commit and recording its answer gets that order, not a second one", async () => {
    const { body, send, forget, first, orderIds } = await orderThenCrash("idem-crash-1", "Crash");
    expect(await forget()).toBe(1);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    // And a different request under the key is still refused.
    await forget();
    const other = await send({ ...body, quantity: 2 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(await orderIds()).toEqual([first.body.id]);
  });

  it("a retry after such a crash gets its order even once the goods are retired: the key's order answers, not what changed since", async () => {
    const { goods, body, send, forget, first, orderIds } = await orderThenCrash("idem-crash-2", "Crash, retired");
    expect((await call("PATCH", `/api/v1/goods/${goods.id}`, { key: m.testSecretKey, body: { active: false } })).status).toBe(200);
    expect(await forget()).toBe(1);
    const retry = await send();
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body).toEqual(first.body);
    // A different request under the key is refused as the key's misuse, not for the goods.
    await forget();
    const other = await send({ ...body, quantity: 2 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    // And without a stored order the refusal is the goods' own.
    const fresh = await call("POST", "/api/v1/orders", { key: m.testPublishableKey, body, headers: { "idempotency-key": "idem-crash-3" } });
    expect(fresh.status).toBe(400);
    expect(fresh.body.error.code).toBe("goods_inactive");
    expect(await orderIds()).toEqual([first.body.id]);
  });

  it("a refusal under an Idempotency-Key stays the refusal when the look-up of the key's order fails", async () => {
    const goods = (await call("POST", "/api/v1/goods", { key: m.testSecretKey, body: { name: "Retired", price: 100 } })).body;
    expect((await call("PATCH", `/api/v1/goods/${goods.id}`, { key: m.testSecretKey, body: { active: false } })).status).toBe(200);
    // Fault injection: only the read of orders fails, as if the database dropped that connection.
    const d = db();
    const realSelect = d.select.bind(d) as (...args: unknown[]) => ReturnType<typeof d.select>;
    vi.spyOn(d, "select").mockImplementation(((...args: unknown[]) => {
      const builder = realSelect(...args);
      const realFrom = builder.from.bind(builder) as (table: unknown) => unknown;
      return Object.assign(builder, {
        from: (table: unknown) => {
          if (table === orders) throw new Error("injected: database gone");
          return realFrom(table);
        },
      });
    }) as unknown as typeof d.select);
    try {
      const res = await call("POST", "/api/v1/orders", {
        key: m.testPublishableKey,
        body: { goodsId: goods.id, quantity: 1, channel: "alipay_h5", buyerId: "lookup-fails" },
        headers: { "idempotency-key": "idem-lookup-fails" },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe("goods_inactive");
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("replays a validation error instead of running a changed request under the same key", async () => {
    const bad = await post("idem-err", { name: "x", price: -1 });
    expect(bad.status).toBe(400);
    const again = await post("idem-err", { name: "x", price: -1 });
    expect(again.status).toBe(400);
    expect(again.body).toEqual(bad.body);
  });

  it("keeps keys apart per merchant", async () => {
    const other = await newMerchant();
    await post("idem-shared", { name: "Mine", price: 100 });
    const res = await call("POST", "/api/v1/goods", {
      key: other.testSecretKey,
      body: { name: "Theirs", price: 200 },
      headers: { "idempotency-key": "idem-shared" },
    });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Theirs");
  });

  it("rejects an unusable Idempotency-Key", async () => {
    const res = await post("x".repeat(300), { name: "x", price: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("idempotency_key_invalid");
  });
});

describe("unlisted methods", () => {
  it.each([
    ["DELETE", "/api/v1/goods"],
    ["GET", "/api/v1/orders/ord_x/close"],
    ["GET", "/api/v1/events/evt_x/resend"],
    ["PUT", "/api/v1/webhook-secret/rotate"],
    ["POST", "/api/health"],
  ])("%s %s answers 405 in the contract's shape", async (method, path) => {
    const res = await call(method, path, { key: m.testSecretKey });
    expect(res.status).toBe(405);
    expect(res.body.error).toMatchObject({ type: "invalid_request", code: "method_not_allowed" });
  });

  it("every /api/v1 route module answers all five methods (the ones it does not serve with the 405)", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const mod = (await import(path.join(root, file))) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) expect(typeof mod[method], `${method} ${file}`).toBe("function");
    }
  });
});
