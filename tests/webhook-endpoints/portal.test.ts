/**
 * What the portal's Webhooks page shows and does for endpoints: the 7-day success rate, form errors in
 * the merchant's terms, and the signed test event with its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { newMerchant } from "../helpers/fixtures";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { db } from "../../lib/db/client";
import { events, webhookDeliveries } from "../../lib/db/schema";
import { newId } from "../../lib/ids";
import { createEndpointFromForm, listPortalEndpoints, sendPortalTestEvent } from "../../lib/portal/webhook-endpoints";
import { createEndpoint } from "../../lib/webhook-endpoints/endpoints";

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

// Merchant creation (bcrypt, two RSA keys) is slow on a busy machine.
describe("portal endpoints", { timeout: 90_000 }, () => {
  it("shows each endpoint's success rate over its settled deliveries of the last 7 days", async () => {
    const m = await newMerchant("Rate shop");
    const owner = { merchantId: m.merchantId, livemode: false };
    const e = await createEndpoint(owner, { url: "https://hooks.example.com/a", enabledEvents: ["*"] });
    const quiet = await createEndpoint(owner, { url: "https://hooks.example.com/b", enabledEvents: ["order.paid"] });
    const now = Date.now();
    const evt = newId("evt");
    await db().insert(events).values({ id: evt, merchantId: m.merchantId, livemode: false, type: "order.paid", orderId: null, data: {}, createdAt: new Date(now) });
    const rows = (["succeeded", "succeeded", "succeeded", "failed", "pending", "failed"] as const).map((status, i) => {
      const at = new Date(i === 5 ? now - 8 * 24 * 3600_000 : now - i * 1000);
      return { id: newId("dlv"), eventId: `${evt}${i}`, merchantId: m.merchantId, url: e.url, endpointId: e.id, urlHash: "a".repeat(64), status, attemptCount: 1, createdAt: at, updatedAt: at };
    });
    await db().insert(webhookDeliveries).values(rows);
    const list = await listPortalEndpoints(owner);
    expect(list.find((x) => x.id === e.id)).toMatchObject({ settled: 4, succeeded: 3, pending: 1 });
    expect(list.find((x) => x.id === quiet.id)).toMatchObject({ settled: 0, succeeded: 0, pending: 0 });
    // Another merchant sees none of it.
    expect(await listPortalEndpoints({ merchantId: "mer_neighbour", livemode: false })).toEqual([]);
    expect(await listPortalEndpoints({ merchantId: m.merchantId, livemode: true })).toEqual([]);
  });

  it("says what is wrong with the form next to its fields", async () => {
    const m = await newMerchant("Form shop");
    const owner = { merchantId: m.merchantId, livemode: false };
    const bad = await createEndpointFromForm(owner, { url: "ftp://x" }, []);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.fieldErrors.url?.key).toBe("endpoints.errors.url");
      expect(bad.fieldErrors.events?.key).toBe("endpoints.errors.events");
    }
    const ok = await createEndpointFromForm(owner, { url: " https://hooks.example.com/x ", description: "" }, ["order.paid", "*"]);
    expect(ok.ok && ok.endpoint).toMatchObject({ url: "https://hooks.example.com/x", enabledEvents: ["*"], description: null });
  });

  it("sends a signed ping to the endpoint and answers with what the receiver said", async () => {
    const m = await newMerchant("Ping shop");
    const owner = { merchantId: m.merchantId, livemode: false };
    const e = await createEndpoint(owner, { url: `${receiver.url}/ping`, enabledEvents: ["order.paid"] });
    receiver.respond = () => ({ status: 200, body: "pong" });
    const res = await sendPortalTestEvent(owner, e.id);
    expect(res).toMatchObject({ ok: true, excerpt: "pong", message: { key: "endpoints.test.accepted", values: { status: 200 } } });
    const got = receiver.received.at(-1)!;
    expect(new Webhook(m.webhookSecret).verify(got.body, got.headers)).toMatchObject({ type: "ping", data: { webhookEndpoint: { id: e.id } } });

    receiver.respond = () => ({ status: 500, body: "boom" });
    expect(await sendPortalTestEvent(owner, e.id)).toMatchObject({ ok: false, message: { key: "endpoints.test.refused", values: { status: 500 } } });
    // Not the owner's endpoint: a 404, nothing sent.
    const before = receiver.received.length;
    await expect(sendPortalTestEvent({ merchantId: "mer_neighbour", livemode: false }, e.id)).rejects.toMatchObject({ type: "not_found" });
    await expect(sendPortalTestEvent({ merchantId: m.merchantId, livemode: true }, e.id)).rejects.toMatchObject({ type: "not_found" });
    expect(receiver.received.length).toBe(before);
  });
});
