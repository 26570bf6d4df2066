/**
 * The fair shares' bookkeeping (lib/notify/slots.ts) against the real Redis: caps per merchant and
 * per host, parking, the hand-on of a freed slot to the first waiter (reserved, so a newcomer cannot
 * take it), and slots of a worker that died lapsing with the lease instead of leaking.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../../lib/config";
import { parkedAmong, releaseSlots, slotHost, takeSlots, wakeIdle, roundRobin } from "../../lib/notify/slots";
import { CLAIM_LEASE_MS } from "../../lib/notify/schedule";

beforeAll(() => {
  process.env.NOTIFY_MAX_PER_MERCHANT = "2";
  process.env.NOTIFY_MAX_PER_HOST = "3";
  resetConfigForTests();
});
afterAll(() => {
  delete process.env.NOTIFY_MAX_PER_MERCHANT;
  delete process.env.NOTIFY_MAX_PER_HOST;
  resetConfigForTests();
});

const item = (id: string, merchantId: string, host: string) => ({ id, merchantId, host });

describe("delivery slots", () => {
  it("caps a merchant, parks the rest in order, and hands a freed slot to the first waiter only", async () => {
    const granted = await takeSlots("live", [item("d1", "mA", "a.example"), item("d2", "mA", "a.example"), item("d3", "mA", "a.example"), item("d4", "mA", "a.example")]);
    expect([...granted]).toEqual(["d1", "d2"]);
    expect(await parkedAmong("live", ["d1", "d2", "d3", "d4"])).toEqual(new Set(["d3", "d4"]));
    // Another merchant on another host is not held up; the other lane has slots of its own.
    expect([...(await takeSlots("live", [item("e1", "mB", "b.example")]))]).toEqual(["e1"]);
    expect([...(await takeSlots("test", [item("t1", "mA", "a.example"), item("t2", "mA", "a.example")]))]).toEqual(["t1", "t2"]);

    // d1 ends: its slot goes to d3 (first in line), reserved: a newcomer of mA cannot take it.
    expect(await releaseSlots("live", [item("d1", "mA", "a.example")])).toEqual(["d3"]);
    expect(await takeSlots("live", [item("d5", "mA", "a.example")])).toEqual(new Set());
    expect(await takeSlots("live", [item("d3", "mA", "a.example")])).toEqual(new Set(["d3"]));
    // The newcomer queued behind d4, which keeps its place.
    expect(await releaseSlots("live", [item("d2", "mA", "a.example")])).toEqual(["d4"]);
  });

  it("caps a destination host across merchants", async () => {
    const items = ["h1", "h2", "h3", "h4"].map((id, i) => item(id, `mh${i}`, "shared.example:8443"));
    expect([...(await takeSlots("live", items))]).toEqual(["h1", "h2", "h3"]);
    expect(await releaseSlots("live", [items[0]!])).toEqual(["h4"]);
    expect(slotHost("https://Shared.Example:8443/hooks?x=1")).toBe("shared.example:8443");
    expect(slotHost("not a url")).toBe("-");
  });

  it("interleaves merchants in a claim batch", () => {
    expect(roundRobin(["a1", "a2", "a3", "b1", "c1", "b2"], (s) => s[0]!)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
  });

  it("slots of a worker that died lapse with the lease, and the relay's pass hands them on", async () => {
    expect([...(await takeSlots("live", [item("k1", "mK", "k.example"), item("k2", "mK", "k.example"), item("k3", "mK", "k.example")]))]).toEqual(["k1", "k2"]);
    // Nobody releases k1 and k2 (their worker was SIGKILLed). Before the lease runs out, nothing moves.
    expect(await wakeIdle("live")).toEqual([]);
    await new Promise((r) => setTimeout(r, CLAIM_LEASE_MS + 200));
    expect(await wakeIdle("live")).toContain("k3");
    expect(await takeSlots("live", [item("k3", "mK", "k.example")])).toEqual(new Set(["k3"]));
  }, 30_000);
});
