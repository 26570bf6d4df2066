import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { db } from "../../lib/db/client";
import { webhookAttempts, webhookDeliveries } from "../../lib/db/schema";
import { recordEvent } from "../../lib/events/outbox";
import { ensureDelivery } from "../../lib/events/targets";
import { loadForAttempts } from "../../lib/notify/claim";
import { afterAttempt, type AttemptOutcome } from "../../lib/notify/attempt";
import { recordAutomatic } from "../../lib/notify/record";
import { newId } from "../../lib/ids";
import { newMerchant } from "../helpers/fixtures";

/**
 * recordAutomatic writes a batch of attempts and their deliveries' new states in one trip
 * (lib/db/one-trip.ts). What must hold whatever the batch mixes: one attempt row each, each
 * delivery's own outcome, attempt_count + 1 per row, and a delivery settled meanwhile by a resend
 * left as the resend left it.
 */
describe("recordAutomatic", () => {
  it("records a mixed batch: succeeded, retried later, stopped, and one a resend settled meanwhile", async () => {
    const m = await newMerchant("Record shop");
    const eventId = await recordEvent(db(), { merchantId: m.merchantId, livemode: false, type: "order.paid", orderId: null, data: {} });
    const ids: string[] = [];
    for (const url of ["https://a.example/ok", "https://b.example/busy", "https://c.example/gone", "https://d.example/resent"]) {
      ids.push(await ensureDelivery(db(), { eventId, merchantId: m.merchantId, target: { url, endpointId: null } }));
    }
    const loaded = await loadForAttempts(ids);
    const byUrl = (host: string) => loaded.find((l) => l.delivery.url.includes(host))!;
    // A resend of d succeeded after it was loaded for this automatic attempt.
    await db().update(webhookDeliveries).set({ status: "succeeded", nextAttemptAt: null }).where(eq(webhookDeliveries.id, byUrl("d.example").delivery.id));

    const at = new Date("2026-12-01T05:00:00.123Z");
    const outcome = (statusCode: number): AttemptOutcome => ({ statusCode, latencyMs: 5, excerpt: `answer ${statusCode} '; drop table x; --`, error: null, attemptId: newId("att"), at });
    const cases = [
      { l: byUrl("a.example"), o: outcome(200) },
      { l: byUrl("b.example"), o: outcome(503) },
      { l: byUrl("c.example"), o: outcome(410) },
      { l: byUrl("d.example"), o: outcome(500) },
    ];
    // Concurrent calls share one batch (micro-batch), as a busy worker's do.
    await Promise.all(cases.map(({ l, o }) => recordAutomatic({ loaded: l, outcome: o, next: afterAttempt(o.statusCode, 1, at) })));

    const rows = await db().select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, ids));
    const state = (host: string) => rows.find((r) => r.url.includes(host))!;
    expect(state("a.example")).toMatchObject({ status: "succeeded", attemptCount: 1, nextAttemptAt: null, lastAttemptAt: at });
    expect(state("b.example")).toMatchObject({ status: "pending", attemptCount: 1, lastAttemptAt: at, nextAttemptAt: afterAttempt(503, 1, at).nextAttemptAt });
    expect(state("c.example")).toMatchObject({ status: "stopped", attemptCount: 1, nextAttemptAt: null });
    expect(state("d.example")).toMatchObject({ status: "succeeded", attemptCount: 0, lastAttemptAt: null });
    const attempts = await db().select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids));
    expect(attempts.map((a) => a.statusCode).sort()).toEqual([200, 410, 500, 503]);
    expect(attempts.every((a) => a.trigger === "automatic" && a.at.getTime() === at.getTime() && a.responseExcerpt === `answer ${a.statusCode} '; drop table x; --`)).toBe(true);
  });
});
