import { describe, expect, it } from "vitest";
import { open, seal } from "../../lib/crypto/secret-box";
import { resetConfigForTests } from "../../lib/config";

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("my private key", "channel-account:ca_1");
    expect(sealed).not.toContain("my private key");
    expect(open(sealed, "channel-account:ca_1")).toBe("my private key");
    expect(seal("same", "x")).not.toBe(seal("same", "x"));
  });

  it("refuses a ciphertext moved to another row, tampered with, or opened under another master key", () => {
    const sealed = seal("secret", "channel-account:ca_1");
    expect(() => open(sealed, "channel-account:ca_2")).toThrow();
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => open("v1:" + raw.toString("base64"), "channel-account:ca_1")).toThrow();
    const saved = process.env.PAYRELAY_MASTER_KEY;
    process.env.PAYRELAY_MASTER_KEY = Buffer.alloc(32, 9).toString("base64");
    resetConfigForTests();
    try {
      expect(() => open(sealed, "channel-account:ca_1")).toThrow();
    } finally {
      process.env.PAYRELAY_MASTER_KEY = saved;
      resetConfigForTests();
    }
  });
});
