import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { SDK_DOCUMENT, SDK_TYPES, sdkArtifacts } from "../../scripts/lib/sdk-types";

const root = path.resolve(import.meta.dirname, "../..");

describe("the SDK's generated types", () => {
  it("match the API document the routes' schemas make today (run `npm run sdk:generate` when this fails)", async () => {
    const { document, types } = await sdkArtifacts();
    expect(fs.readFileSync(path.join(root, SDK_DOCUMENT), "utf8"), `${SDK_DOCUMENT} is stale: npm run sdk:generate`).toBe(document);
    expect(fs.readFileSync(path.join(root, SDK_TYPES), "utf8"), `${SDK_TYPES} is stale: npm run sdk:generate`).toBe(types);
  });
});
