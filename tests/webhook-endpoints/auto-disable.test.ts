/**
 * An endpoint whose deliveries fail continuously for five days is disabled and the portal says so;
 * one that succeeds now and then is not. Five days run in TIME_SCALE time (here ≈ 4.3 s).
 */
process.env.TIME_SCALE = "100000";

import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, sleep, paymentsEnvWithReceiver, waitFor, type Shop } from "../helpers/payments";
import { failingDisableAfterMs, failingDisabledEndpoints } from "../../lib/webhook-endpoints/endpoints";

const ctx = paymentsEnvWithReceiver();

describe("auto-disable", () => {
  it("five days of failures disable the endpoint (reason failing, portal notice); an endpoint that sometimes succeeds stays", async () => {
    expect(failingDisableAfterMs()).toBe(4320);
    const m = await newMerchant("Failing shop");
    const goods = await newGoods(m.testSecretKey, { price: 1 });
    const shop: Shop = { ...m, goodsId: goods.id };
    let flakyCalls = 0;
    ctx.receiver.respond = (r) => {
      if (r.path === "/hooks/down") return { status: 503, body: "down" };
      if (r.path === "/hooks/flaky") return ++flakyCalls % 4 === 0 ? { status: 200, body: "ok" } : { status: 500, body: "hiccup" };
      return { status: 200, body: "ok" };
    };
    const down = (await call("POST", "/api/v1/webhook-endpoints", { key: m.testSecretKey, body: { url: `${ctx.receiver.url}/down`, enabledEvents: ["*"] } })).body;
    const flaky = (await call("POST", "/api/v1/webhook-endpoints", { key: m.testSecretKey, body: { url: `${ctx.receiver.url}/flaky`, enabledEvents: ["*"] } })).body;
    const get = async (id: string) => (await call("GET", `/api/v1/webhook-endpoints/${id}`, { key: m.testSecretKey })).body;

    // A steady stream of events, as a live shop has, for longer than five (scaled) days.
    const started = Date.now();
    while (!(await get(down.id)).disabled && Date.now() - started < 20_000) {
      await createOrder(shop, "wechat_h5");
      await sleep(250);
    }
    const disabled = await get(down.id);
    expect(disabled).toMatchObject({ disabled: true, disabledReason: "failing" });
    // Not before five scaled days of failure.
    expect(new Date(disabled.disabledAt).getTime() - new Date(disabled.failingSince).getTime()).toBeGreaterThanOrEqual(4320);
    expect(await failingDisabledEndpoints({ merchantId: m.merchantId, livemode: false })).toEqual([
      expect.objectContaining({ id: down.id, url: `${ctx.receiver.url}/down` }),
    ]);

    const flakyNow = await get(flaky.id);
    expect(flakyNow.disabled).toBe(false);
    expect(flakyCalls).toBeGreaterThan(4);

    // Nothing more is sent to it, and none of its deliveries is left pending.
    await sleep(300);
    const before = ctx.receiver.received.filter((r) => r.path === "/hooks/down").length;
    const later = (await createOrder(shop, "wechat_h5")).body;
    await waitFor(async () => ctx.receiver.received.some((r) => r.path === "/hooks/flaky" && r.body.includes(later.id)));
    await sleep(500);
    expect(ctx.receiver.received.filter((r) => r.path === "/hooks/down").length).toBe(before);
    const pending = await call("GET", "/api/v1/events?deliveryStatus=pending&limit=100", { key: m.testSecretKey });
    const stuck = pending.body.data.flatMap((e: any) => e.deliveries).filter((d: any) => d.endpointId === down.id && d.status === "pending");
    expect(stuck).toEqual([]);

    // Enabling it again clears the notice and restarts its clock.
    const enabled = (await call("PATCH", `/api/v1/webhook-endpoints/${down.id}`, { key: m.testSecretKey, body: { disabled: false } })).body;
    expect(enabled).toMatchObject({ disabled: false, disabledReason: null, failingSince: null });
    expect(await failingDisabledEndpoints({ merchantId: m.merchantId, livemode: false })).toEqual([]);
  }, 60_000);
});
