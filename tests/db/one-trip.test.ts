import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { db } from "../../lib/db/client";
import { channelRequests, orders } from "../../lib/db/schema";
import { commitInOneTrip, insertStatement, rememberApplied, updateStatement } from "../../lib/db/one-trip";
import { newId } from "../../lib/ids";
import { createOrder } from "../../lib/orders/create-order";
import { createGoods } from "../../lib/goods/goods";
import { newMerchant } from "../helpers/fixtures";

/**
 * lib/db/one-trip.ts sends a whole transaction as one multi-statement query. What must hold: all of
 * it commits or none of it does, a failure leaves no transaction open on a pooled connection, every
 * value is escaped, and rows read back exactly as drizzle would have written them.
 */

async function anOrder() {
  const m = await newMerchant();
  const owner = { merchantId: m.merchantId, livemode: false };
  const goods = await createGoods(owner, { name: "Goods a", price: 1 });
  return { owner, order: await createOrder(owner, { goodsId: goods.id, quantity: 1, channel: "alipay_h5", buyerId: "15705420001" }, "127.0.0.1") };
}

const requestRow = (orderId: string, message: string) => ({
  id: newId("req"),
  orderId,
  operation: "query" as const,
  ok: true,
  result: "pending",
  message,
  durationMs: 3,
  at: new Date("2026-12-01T01:02:03.456Z"),
});

describe("commitInOneTrip", () => {
  it("commits every statement together and reads back as drizzle writes: dates to the millisecond, JSON, hostile text intact", async () => {
    const { order } = await anOrder();
    const hostile = `'; drop table orders; -- \\ " \` 测试 😀 \0 end`;
    const rows = [requestRow(order.id, hostile), requestRow(order.id, "second")];
    const results = await commitInOneTrip(rows.map((r) => insertStatement(channelRequests, r)));
    expect(results.map((r) => r.affectedRows)).toEqual([1, 1]);
    const stored = await db().select().from(channelRequests).where(inArray(channelRequests.id, rows.map((r) => r.id)));
    expect(stored.map((r) => r.message).sort()).toEqual([hostile, "second"].sort());
    expect(stored[0]!.at.toISOString()).toBe("2026-12-01T01:02:03.456Z");
    // The order itself was written by the prepay's one-trip insert: its JSON pay parameters and dates round-trip.
    const [row] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(row!.payParams).toEqual(order.payParams);
    expect(row!.createdAt.toISOString()).toBe(order.createdAt);
  });

  it("commits nothing when a later statement fails, throws that statement's error, and leaves no transaction open on the pool", async () => {
    const { order } = await anOrder();
    // More failures than the pool has connections: a connection returned with its transaction
    // still open would hold the first row's lock and make a later insert of the same id wait, or
    // commit it with the next transaction.
    const firsts: string[] = [];
    for (let i = 0; i < 12; i++) {
      const first = requestRow(order.id, `first ${i}`);
      firsts.push(first.id);
      const error = await commitInOneTrip([insertStatement(channelRequests, first), insertStatement(channelRequests, { ...requestRow(order.id, "dup"), id: first.id })]).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe("ER_DUP_ENTRY");
      expect(await db().select().from(channelRequests).where(eq(channelRequests.id, first.id))).toHaveLength(0);
    }
    const after = requestRow(order.id, "after");
    await commitInOneTrip([insertStatement(channelRequests, after)]);
    expect(await db().select().from(channelRequests).where(eq(channelRequests.id, after.id))).toHaveLength(1);
    // Not committed later either (a reused connection's next START TRANSACTION would have committed them).
    expect(await db().select().from(channelRequests).where(inArray(channelRequests.id, firsts))).toHaveLength(0);
  });

  it("writes the inserts marked onlyIf 'applied' only when the compare-and-set before them changed a row", async () => {
    const { order } = await anOrder();
    const cas = (from: "pending" | "closed") => updateStatement(orders, { status: "closed", closedAt: new Date() }, { id: order.id, status: from });
    const lost = requestRow(order.id, "lost");
    const [missed] = await commitInOneTrip([cas("closed"), rememberApplied(), insertStatement(channelRequests, lost, { onlyIf: "applied" })]);
    expect(missed!.affectedRows).toBe(0);
    expect(await db().select().from(channelRequests).where(eq(channelRequests.id, lost.id))).toHaveLength(0);
    const won = requestRow(order.id, "won");
    const plain = requestRow(order.id, "always");
    // The condition is the compare-and-set's, not the statement just before (an insert that wrote a row).
    const [hit] = await commitInOneTrip([cas("pending"), rememberApplied(), insertStatement(channelRequests, plain), insertStatement(channelRequests, won, { onlyIf: "applied" })]);
    expect(hit!.affectedRows).toBe(1);
    expect((await db().select().from(channelRequests).where(inArray(channelRequests.id, [won.id, plain.id]))).map((r) => r.message).sort()).toEqual(["always", "won"]);
    const [stored] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(stored!.status).toBe("closed");
    // Next trip: the variable is set anew, so a lost compare-and-set is not taken for the last trip's win.
    const again = requestRow(order.id, "again");
    await commitInOneTrip([cas("pending"), rememberApplied(), insertStatement(channelRequests, again, { onlyIf: "applied" })]);
    expect(await db().select().from(channelRequests).where(eq(channelRequests.id, again.id))).toHaveLength(0);
  });

  it("refuses a key the table has no column for before anything is sent", () => {
    expect(() => insertStatement(channelRequests, { ...requestRow("ord_x", "x"), nope: 1 } as never)).toThrow(/no column nope/);
  });
});
