/**
 * The sandbox as it runs inside payrelay: routes served over HTTP, state in MariaDB, notifications
 * through BullMQ and the worker's real delivery code, credentials provisioned at merchant creation.
 * The real alipay-sdk is the client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlipaySdk } from "alipay-sdk";
import type { Worker } from "bullmq";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startReceiver, type Receiver, type Received } from "../helpers/webhook-receiver";
import { call } from "../helpers/api";
import { newMerchant } from "../helpers/fixtures";
import { loadChannelAccountOrThrow } from "../../lib/channel-accounts/channel-accounts";
import { startWorkers } from "../../worker/workers";
import { logger } from "../../lib/log";
import { createMysqlSandboxStore } from "../../lib/sandbox/mysql-store";
import { resetConfigForTests } from "../../lib/config";

let app: AppServer;
let workers: Worker[];
let receiver: Receiver;
let receiverUrl: string;
let received: Received[];
/** What the merchant's notify endpoint answers, in order; the last one repeats. */
let answers: string[] = ["success"];

beforeAll(async () => {
  app = await startAppServer();
  workers = await startWorkers(logger());
  receiver = await startReceiver("/notify");
  receiver.respond = () => ({ status: 200, body: answers.length > 1 ? answers.shift()! : answers[0]! });
  receiverUrl = receiver.url;
  received = receiver.received;
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await receiver.close();
  await app.close();
});

async function alipayClient(merchantId: string) {
  const account = await loadChannelAccountOrThrow({ merchantId: merchantId, livemode: false }, "alipay");
  return new AlipaySdk({
    appId: account.publicConfig.appId!,
    privateKey: account.secrets.privateKey!,
    keyType: "PKCS8",
    alipayPublicKey: account.publicConfig.alipayPublicKey!,
    gateway: `${app.base}/sandbox/alipay/gateway.do`,
    endpoint: `${app.base}/sandbox/alipay`,
  });
}

async function waitFor<T>(fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("test mode needs no configuration", () => {
  it("provisions sandbox accounts for each provider at merchant creation, secrets masked", async () => {
    const m = await newMerchant("Provisioned");
    const res = await call("GET", "/api/v1/channel-accounts", { key: m.testSecretKey });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { provider: string }) => a.provider)).toEqual(["alipay", "wechatpay"]);
    for (const a of res.body.data) {
      expect(a).toMatchObject({ livemode: false, privateKey: "********", sandbox: "true" });
    }
    expect(res.body.data[1]).toMatchObject({ apiV3Key: "********", platformKeyMode: "public_key" });
    expect(res.body.data[1].platformPublicKeyId).toMatch(/^PUB_KEY_ID_/);
    const live = await call("GET", "/api/v1/channel-accounts", { key: await m.liveSecretKey() });
    expect(live.body.data).toHaveLength(0);
  });
});

describe("Alipay sandbox inside the app", () => {
  it("takes an SDK-built pay URL to the cashier, pays, notifies until 'success', and answers queries", async () => {
    const m = await newMerchant("Notify shop");
    const sdk = await alipayClient(m.merchantId);
    const outTradeNo = `T${Date.now()}`;
    const payUrl = sdk.pageExec("alipay.trade.wap.pay", "GET", {
      bizContent: { outTradeNo, totalAmount: "0.01", subject: "Goods a", productCode: "QUICK_WAP_WAY" },
      notifyUrl: receiverUrl,
      returnUrl: "https://shop.example.com/back",
    });
    expect(payUrl.startsWith(`${app.base}/sandbox/alipay/gateway.do?`)).toBe(true);
    const opened = await fetch(payUrl, { redirect: "manual" });
    expect(opened.status).toBe(302);
    const cashier = opened.headers.get("location")!;
    expect(cashier).toMatch(new RegExp(`^${app.base}/sandbox/pay/sbt_`));
    const tradeId = cashier.split("/").pop()!.split("?")[0]!;

    // Alipay's trade exists once the buyer opens the cashier; the page does that, here the store does.
    const store = createMysqlSandboxStore();
    await store.updateTrade(tradeId, ["WAIT_BUYER_PAY"], { openedAt: new Date() });
    const pending = await sdk.exec("alipay.trade.query", { bizContent: { outTradeNo } }, { validateSign: true });
    expect(pending).toMatchObject({ code: "10000", tradeStatus: "WAIT_BUYER_PAY", totalAmount: "0.01" });

    received.length = 0;
    answers = ["fail", "FAIL", "success"];
    const paid = await fetch(`${app.base}/sandbox/api/trades/${tradeId}/simulate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "pay" }),
    });
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ ok: true, status: "TRADE_SUCCESS", notificationsQueued: 1 });

    await waitFor(() => received.length >= 3, 15_000);
    await new Promise((r) => setTimeout(r, 1500)); // no fourth attempt after "success"
    expect(received).toHaveLength(3);
    const forms = received.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(new Set(forms.map((f) => f.notify_id)).size).toBe(1);
    for (const f of forms) {
      expect(f).toMatchObject({ out_trade_no: outTradeNo, trade_status: "TRADE_SUCCESS", total_amount: "0.01", app_id: sdk.config.appId });
      expect(sdk.checkNotifySignV2(f)).toBe(true);
    }
    expect(sdk.checkNotifySignV2({ ...forms[0], total_amount: "100.00" })).toBe(false);

    const after = await sdk.exec("alipay.trade.query", { bizContent: { outTradeNo } }, { validateSign: true });
    expect(after).toMatchObject({ code: "10000", tradeStatus: "TRADE_SUCCESS", tradeNo: forms[0]!.trade_no });
  });

  it("refuses another app's key, and keeps its state across a new store (a restart)", async () => {
    const [a, b] = await Promise.all([newMerchant("A"), newMerchant("B")]);
    const sdkA = await alipayClient(a.merchantId);
    const sdkB = await alipayClient(b.merchantId);
    const forged = new AlipaySdk({ ...sdkA.config, privateKey: sdkB.config.privateKey, keyType: "PKCS8" } as ConstructorParameters<typeof AlipaySdk>[0]);
    const res = await forged.exec("alipay.trade.query", { bizContent: { outTradeNo: "nope" } });
    expect(res).toMatchObject({ code: "40002", subCode: "isv.invalid-signature" });
    const identity = await createMysqlSandboxStore().getIdentity();
    expect(identity?.alipayPublicKeyPem).toBe((await loadChannelAccountOrThrow({ merchantId: a.merchantId, livemode: false }, "alipay")).publicConfig.alipayPublicKey);
  });
});

describe("simulate API and switch", () => {
  it("answers unknown trades and bad outcomes in the error shape", async () => {
    const unknown = await fetch(`${app.base}/sandbox/api/trades/sbt_nope/simulate`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"outcome":"pay"}' });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${app.base}/sandbox/api/trades/sbt_nope/simulate`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"outcome":"steal"}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.param).toBe("outcome");
  });

  it("serves nothing when the sandbox is switched off", async () => {
    process.env.SANDBOX_ENABLED = "0";
    resetConfigForTests();
    try {
      const res = await fetch(`${app.base}/sandbox/alipay/gateway.do?method=alipay.trade.query`);
      expect(res.status).toBe(404);
      const sim = await fetch(`${app.base}/sandbox/api/trades/x/simulate`, { method: "POST", body: "{}" });
      expect(sim.status).toBe(404);
    } finally {
      process.env.SANDBOX_ENABLED = "1";
      resetConfigForTests();
    }
  });
});
