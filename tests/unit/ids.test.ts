import { describe, expect, it } from "vitest";
import { isId, newId, randomBase62 } from "../../lib/ids";

describe("ids", () => {
  it("are prefixed, base62 and unique", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newId("ord")));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(isId("ord", id)).toBe(true);
    expect(isId("goods", newId("ord"))).toBe(false);
  });

  it("uses every base62 character with no strong bias", () => {
    const counts = new Map<string, number>();
    for (const c of randomBase62(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
  });
});
