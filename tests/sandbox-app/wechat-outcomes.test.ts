/**
 * WeChat Pay through the app's sandbox routes with the real wechatpay-node-v3 client, and each
 * scripted outcome delivering exactly the notifications it promises through BullMQ and the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDecipheriv, createVerify } from "node:crypto";
import WxPay from "wechatpay-node-v3";
import type { IPayRequest } from "wechatpay-node-v3/dist/define";
import type { Worker } from "bullmq";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startReceiver, type Receiver, type Received } from "../helpers/webhook-receiver";
import { newMerchant } from "../helpers/fixtures";
import { loadChannelAccountOrThrow, type LoadedChannelAccount } from "../../lib/channel-accounts/channel-accounts";
import { startWorkers } from "../../worker/workers";
import { logger } from "../../lib/log";

type Hit = Received;

let app: AppServer;
let workers: Worker[];
let receiver: Receiver;
let notifyUrl: string;
let hits: Hit[];
let statuses: number[] = [204];

/** Sends wechatpay-node-v3's requests to the app's sandbox instead of the hard-coded host. */
class AppHttp implements IPayRequest {
  constructor(private readonly base: string) {}
  private async send(url: string, init: RequestInit) {
    const res = await fetch(url.replace("https://api.mch.weixin.qq.com", `${this.base}/sandbox/wechatpay`), init);
    const text = await res.text();
    return res.ok ? { status: res.status, data: text ? JSON.parse(text) : {} } : { status: res.status, error: text };
  }
  post(url: string, params: Record<string, unknown>, headers: Record<string, string>) {
    return this.send(url, { method: "POST", body: JSON.stringify(params), headers });
  }
  get(url: string, headers: Record<string, string>) {
    return this.send(url, { method: "GET", headers });
  }
  upload(): never {
    throw new Error("not used");
  }
}

beforeAll(async () => {
  app = await startAppServer();
  workers = await startWorkers(logger());
  receiver = await startReceiver("/wx");
  receiver.respond = () => {
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    return { status, body: status >= 300 ? '{"code":"FAIL","message":"not yet"}' : "" };
  };
  notifyUrl = receiver.url;
  hits = receiver.received;
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await receiver.close();
  await app.close();
});

let account: LoadedChannelAccount;
let pay: WxPay;
beforeAll(async () => {
  const m = await newMerchant("微信商户");
  account = await loadChannelAccountOrThrow({ merchantId: m.merchantId, livemode: false }, "wechatpay");
  // wechatpay-node-v3 wants a certificate for `publicKey` only to read the serial; we pass serial_no.
  pay = new WxPay({
    appid: account.publicConfig.appId!,
    mchid: account.publicConfig.mchId!,
    serial_no: account.publicConfig.serialNo!,
    publicKey: Buffer.from(account.publicConfig.platformPublicKey!),
    privateKey: Buffer.from(account.secrets.privateKey!),
    key: account.secrets.apiV3Key!,
  });
  pay.createHttp(new AppHttp(app.base));
});

let seq = 0;
async function h5Order(total = 1): Promise<{ outTradeNo: string; tradeId: string; h5Url: string }> {
  const outTradeNo = `W${Date.now()}${seq++}`;
  const res = await pay.transactions_h5({
    description: "Goods a",
    out_trade_no: outTradeNo,
    notify_url: notifyUrl,
    amount: { total },
    scene_info: { payer_client_ip: "203.0.113.9", h5_info: { type: "Wap", app_name: "payrelay test" } },
  });
  expect(res.status, JSON.stringify(res)).toBe(200);
  const h5Url = (res.data as { h5_url: string }).h5_url;
  expect(h5Url.startsWith(`${app.base}/sandbox/pay/sbt_`)).toBe(true);
  return { outTradeNo, tradeId: new URL(h5Url).pathname.split("/").pop()!, h5Url };
}

async function simulate(tradeId: string, body: Record<string, unknown>) {
  const res = await fetch(`${app.base}/sandbox/api/trades/${tradeId}/simulate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

const hitsFor = (outTradeNo: string) =>
  hits.filter((h) => {
    try {
      return (JSON.parse(h.body) as { id: string }).id && decryptOut(h) === outTradeNo;
    } catch {
      return false;
    }
  });

function decryptOut(h: Hit): string {
  const { resource } = JSON.parse(h.body) as { resource: { ciphertext: string; nonce: string; associated_data: string } };
  const data = Buffer.from(resource.ciphertext, "base64");
  const d = createDecipheriv("aes-256-gcm", Buffer.from(account.secrets.apiV3Key!), Buffer.from(resource.nonce));
  d.setAAD(Buffer.from(resource.associated_data));
  d.setAuthTag(data.subarray(data.length - 16));
  const plain = JSON.parse(Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString("utf8")) as { out_trade_no: string };
  return plain.out_trade_no;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(fn: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(50);
  }
}

describe("WeChat Pay sandbox outcomes, delivered by the worker", () => {
  it("pay: one signed, encrypted notification; retried after a 500 until a 2xx", async () => {
    statuses = [500, 204];
    const { outTradeNo, tradeId } = await h5Order(2);
    await simulate(tradeId, { outcome: "pay" });
    await until(() => hitsFor(outTradeNo).length >= 2);
    await sleep(500);
    const mine = hitsFor(outTradeNo);
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((h) => JSON.parse(h.body).id)).size).toBe(1);
    const h = mine[0]!;
    expect(h.headers["wechatpay-serial"]).toBe(account.publicConfig.platformPublicKeyId);
    const ok = createVerify("RSA-SHA256")
      .update(`${h.headers["wechatpay-timestamp"]}\n${h.headers["wechatpay-nonce"]}\n${h.body}\n`)
      .verify(account.publicConfig.platformPublicKey!, h.headers["wechatpay-signature"]!, "base64");
    expect(ok).toBe(true);
    statuses = [204];
  });

  it("notify_twice: the same notification twice; pay_no_notify: none, yet a query says SUCCESS", async () => {
    const twice = await h5Order();
    const silent = await h5Order();
    await simulate(twice.tradeId, { outcome: "notify_twice" });
    await simulate(silent.tradeId, { outcome: "pay_no_notify" });
    await until(() => hitsFor(twice.outTradeNo).length >= 2);
    await sleep(1500);
    const dup = hitsFor(twice.outTradeNo);
    expect(dup).toHaveLength(2);
    expect(JSON.parse(dup[0]!.body).id).toBe(JSON.parse(dup[1]!.body).id);
    expect(hitsFor(silent.outTradeNo)).toHaveLength(0);
    const q = await pay.query({ out_trade_no: silent.outTradeNo });
    expect(q.data).toMatchObject({ trade_state: "SUCCESS" });
  });

  it("notify_delayed: nothing before the delay, one notification after it", async () => {
    const { outTradeNo, tradeId } = await h5Order();
    const started = Date.now();
    // 2000 s of sandbox time at TIME_SCALE=1000 is 2 s here.
    await simulate(tradeId, { outcome: "notify_delayed", delaySeconds: 2000 });
    await sleep(1000);
    expect(hitsFor(outTradeNo)).toHaveLength(0);
    await until(() => hitsFor(outTradeNo).length === 1);
    expect(hitsFor(outTradeNo)[0]!.at - started).toBeGreaterThanOrEqual(1900);
  });

  it("reject: no notification, and a query reads PAYERROR", async () => {
    const { outTradeNo, tradeId } = await h5Order();
    expect(await simulate(tradeId, { outcome: "reject" })).toMatchObject({ ok: true, status: "PAYERROR", notificationsQueued: 0 });
    await sleep(500);
    expect(hitsFor(outTradeNo)).toHaveLength(0);
    expect((await pay.query({ out_trade_no: outTradeNo })).data).toMatchObject({ trade_state: "PAYERROR" });
  });
});
