import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { openApiDocument, API_OPERATIONS } from "../../lib/openapi/document";
import { EVENT_TYPES } from "../../lib/events/schemas";
import { call } from "../helpers/api";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const v1Dir = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route file under app/api/v1 as an OpenAPI path (/api/v1/orders/[id] → /api/v1/orders/{id}). */
function routeFiles(dir = v1Dir, segments: string[] = ["api", "v1"]): { file: string; path: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      const segment = entry.name.replace(/^\[(\w+)\]$/, "{$1}");
      return routeFiles(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, segment]);
    }
    return entry.name === "route.ts" ? [{ file: path.join(dir, entry.name), path: `/${segments.join("/")}` }] : [];
  });
}

/**
 * The methods a route module really serves, found by asking it as a client would, without a key:
 * an unserved method answers the contract's 405 method_not_allowed, a served one anything else.
 */
async function servedMethods(file: string, routePath: string): Promise<{ method: (typeof METHODS)[number]; handler: unknown }[]> {
  const mod = (await import(file)) as Record<string, unknown>;
  const concrete = routePath.replace(/\{\w+\}/g, "x_1");
  const served: { method: (typeof METHODS)[number]; handler: unknown }[] = [];
  for (const method of METHODS) {
    if (typeof mod[method] !== "function") continue;
    const res = await call(method, concrete);
    if (!(res.status === 405 && res.body?.error?.code === "method_not_allowed")) served.push({ method, handler: mod[method] });
  }
  return served;
}

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document whose every $ref resolves", async () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // Throws on a reference to a component that does not exist.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("names every method of every route file under app/api/v1, and nothing that is not served", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(10);
    const paths = openApiDocument().paths ?? {};
    const served = new Set<string>();
    for (const { file, path: p } of files) {
      const methods = await servedMethods(file, p);
      expect(methods.length, `${p} serves no method`).toBeGreaterThan(0);
      for (const { method } of methods) {
        served.add(`${method} ${p}`);
        expect(paths[p]?.[method.toLowerCase() as "get"], `${method} ${p} is missing from the document: register it next to its schemas (lib/<domain>/schemas.ts)`).toBeDefined();
      }
    }
    const documented = API_OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
    expect(new Set(API_OPERATIONS.map((op) => op.id)).size).toBe(API_OPERATIONS.length);
  });

  it("describes each route's body with the very schema object the route validates with", async () => {
    let checked = 0;
    for (const { file, path: p } of routeFiles()) {
      for (const { method, handler } of await servedMethods(file, p)) {
        const options = (handler as { apiOptions?: { body?: unknown; auth: string } }).apiOptions;
        if (!options) continue; // not behind apiRoute (the document itself)
        const op = API_OPERATIONS.find((o) => o.method === method && o.path === p)!;
        expect(op.auth, `${method} ${p} auth`).toBe(options.auth);
        if (options.body) {
          expect(op.body, `${method} ${p} body schema`).toBe(options.body);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("gives the auth schemes and which routes take which key", () => {
    const doc = openApiDocument();
    const schemes = doc.components?.securitySchemes ?? {};
    expect(Object.keys(schemes).sort()).toEqual(["publishableKey", "secretKey"]);
    const security = (p: string, m: string) => (doc.paths?.[p] as Record<string, { security?: unknown }>)[m]?.security;
    expect(security("/api/v1/orders", "post")).toEqual([{ secretKey: [] }, { publishableKey: [] }]);
    expect(security("/api/v1/orders", "get")).toEqual([{ secretKey: [] }]);
    expect(security("/api/v1/openapi.json", "get")).toEqual([]);
    expect(JSON.stringify(doc.paths?.["/api/v1/orders"]?.post?.responses?.["400"])).toContain("#/components/schemas/Error");
  });

  it("lists every event type as a webhook with its signed headers", () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.webhooks ?? {}).sort()).toEqual([...EVENT_TYPES].sort());
    const paid = JSON.stringify(doc.webhooks?.["order.paid"]);
    for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) expect(paid).toContain(header);
    expect(paid).toContain("#/components/schemas/OrderPaidEvent");
  });

  it("documents the query parameters a list route parses, from its own schemas", () => {
    const params = (openApiDocument().paths?.["/api/v1/orders"]?.get?.parameters ?? []) as { name: string; in: string }[];
    expect(params.map((p) => p.name).sort()).toEqual(["buyerId", "channel", "goodsId", "limit", "startingAfter", "status"]);
    expect(params.every((p) => p.in === "query")).toBe(true);
  });

  it("is served without a key at GET /api/v1/openapi.json", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toContain("/api/v1/orders/{id}/close");
    expect((await call("POST", "/api/v1/openapi.json")).status).toBe(405);
  });
});
