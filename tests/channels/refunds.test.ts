import { createSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChannel, getNotificationVerifier, type NotificationVerifier, type PaymentChannel } from "@/lib/channels";
import { showCashier, submitCashier } from "@/lib/sandbox/cashier";
import { provisionAlipayApp, provisionWechatMerchant } from "@/lib/sandbox/provision";
import { scriptRefunds } from "@/lib/sandbox/refunds";
import type { SandboxTrade } from "@/lib/sandbox/store";
import { startHarness, type Harness } from "../sandbox/harness";
import { alipayCredentials, deliveredNotification, newOutTradeNo, wechatCredentials } from "./helpers";

/**
 * Refunds end to end between our adapters (lib/channels) and the sandbox emulators (lib/sandbox),
 * two sides written apart: the real SDKs sign and send, the emulators check the wire format and
 * keep per-trade refunded totals, and the notifications they build go through our verifiers.
 */

let h: Harness;
let alipay: PaymentChannel;
let alipayNotes: NotificationVerifier;
let wechat: PaymentChannel;
let wechatNotes: NotificationVerifier;
let mchId: string;

beforeAll(async () => {
  h = await startHarness();
  const ali = alipayCredentials(h, await provisionAlipayApp(h.store, { accountRef: "ca_alipay" }));
  alipay = getChannel("alipay_h5", ali);
  alipayNotes = getNotificationVerifier(ali);
  const wxSandbox = await provisionWechatMerchant(h.store, { accountRef: "ca_wx", signingMode: "public_key" });
  const wx = wechatCredentials(h, wxSandbox);
  mchId = wx.mchId;
  wechat = getChannel("wechat_h5", wx);
  wechatNotes = getNotificationVerifier(wx);
});
afterAll(() => h.close());

const NOTIFY = "https://payrelay.example/api/callbacks/x/ca_1";
const inThirtyMinutes = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 60_000);
let seq = 0;
const refundNo = () => `re_T${Date.now()}${seq++}`;

async function paidAlipayTrade(amountFen: number, pay = true): Promise<SandboxTrade> {
  const outTradeNo = newOutTradeNo("A");
  const { payParams } = await alipay.createPayment({ outTradeNo, amountFen, subject: "退款测试", notifyUrl: NOTIFY, expiresAt: inThirtyMinutes() });
  const res = await fetch(payParams.payUrl ?? "", { redirect: "manual" });
  const id = /\/sandbox\/pay\/(sbt_\w+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
  await showCashier(h.store, id, new Date());
  if (pay) await submitCashier(h.store, id, { kind: "pay" }, { now: new Date() });
  return (await h.store.getTrade(id))!;
}

async function paidWechatTrade(amountFen: number, pay = true): Promise<SandboxTrade> {
  const outTradeNo = newOutTradeNo("W");
  await wechat.createPayment({ outTradeNo, amountFen, subject: "退款测试", notifyUrl: NOTIFY, expiresAt: inThirtyMinutes(), clientIp: "203.0.113.7" });
  const trade = (await h.store.findTradeByOutTradeNo("wechatpay", mchId, outTradeNo))!;
  if (pay) await submitCashier(h.store, trade.id, { kind: "pay" }, { now: new Date() });
  return (await h.store.getTrade(trade.id))!;
}

const refundInput = (trade: SandboxTrade, refundFen: number, outRefundNo = refundNo()) => ({
  outTradeNo: trade.outTradeNo,
  outRefundNo,
  refundFen,
  totalFen: trade.amountFen,
  reason: "买家退货",
  notifyUrl: NOTIFY,
});

describe("Alipay refunds (alipay.trade.refund, alipay.trade.fastpay.refund.query)", () => {
  it("a partial refund succeeds at once (fund_change Y) and the query confirms REFUND_SUCCESS", async () => {
    const trade = await paidAlipayTrade(1001);
    const input = refundInput(trade, 333);
    const result = await alipay.refund(input);
    expect(result).toMatchObject({ status: "succeeded", amountFen: 333, channelRefundNo: trade.providerTradeNo });
    expect(result.raw).toMatchObject({ fund_change: "Y", refund_fee: "3.33" });
    const query = await alipay.queryRefund(input);
    expect(query).toMatchObject({ status: "succeeded", amountFen: 333 });
    expect((await h.store.getTrade(trade.id))!.refundedFen).toBe(333);
  });

  it("sending the same out_request_no again is the same refund: fund_change N, nothing refunded twice, the query still succeeds", async () => {
    const trade = await paidAlipayTrade(500);
    const input = refundInput(trade, 200);
    await alipay.refund(input);
    const again = await alipay.refund(input);
    expect(again.status).toBe("succeeded");
    expect((await h.store.getTrade(trade.id))!.refundedFen).toBe(200);
  });

  it("refuses an over-refund and a refund of an unpaid trade (a signed refusal → failed)", async () => {
    const trade = await paidAlipayTrade(500);
    expect(await alipay.refund(refundInput(trade, 400))).toMatchObject({ status: "succeeded" });
    expect(await alipay.refund(refundInput(trade, 101))).toMatchObject({ status: "failed", failure: { code: "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL" } });
    expect((await h.store.getTrade(trade.id))!.refundedFen).toBe(400);
    const unpaid = await paidAlipayTrade(500, false);
    expect(await alipay.refund(refundInput(unpaid, 100))).toMatchObject({ status: "failed", failure: { code: "ACQ.TRADE_STATUS_ERROR" } });
  });

  it("an unknown refund is not_found: no refund_status in the query answer", async () => {
    const trade = await paidAlipayTrade(500);
    expect(await alipay.queryRefund({ outTradeNo: trade.outTradeNo, outRefundNo: refundNo() })).toMatchObject({ status: "not_found" });
  });

  it("a wap refund notifies the payment's notify_url: partial = TRADE_SUCCESS, full = TRADE_CLOSED, both read as refunds, never as a close", async () => {
    const trade = await paidAlipayTrade(1000);
    h.enqueued.length = 0;
    const first = refundInput(trade, 400);
    await alipay.refund(first);
    const partial = await deliveredNotification(h, h.enqueued.find((n) => n.refundId));
    expect(new URLSearchParams(partial.rawBody).get("trade_status")).toBe("TRADE_SUCCESS");
    expect(await alipayNotes.parseNotification(partial)).toMatchObject({
      verified: true,
      kind: "refund",
      outTradeNo: trade.outTradeNo,
      outRefundNo: first.outRefundNo,
      status: "succeeded",
      totalFen: 1000,
    });

    h.enqueued.length = 0;
    const rest = refundInput(trade, 600);
    await alipay.refund(rest);
    const full = await deliveredNotification(h, h.enqueued.find((n) => n.refundId));
    const form = new URLSearchParams(full.rawBody);
    expect(form.get("trade_status")).toBe("TRADE_CLOSED");
    expect(form.get("refund_fee")).toBe("10.00");
    expect(form.get("out_biz_no")).toBe(rest.outRefundNo);
    expect(form.get("gmt_refund")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    const parsed = await alipayNotes.parseNotification(full);
    expect(parsed).toMatchObject({ verified: true, kind: "refund", outRefundNo: rest.outRefundNo, status: "succeeded" });
    // Fully refunded: the trade is closed at Alipay, and refunding more is refused.
    expect((await h.store.getTrade(trade.id))!.status).toBe("TRADE_CLOSED");
    expect(await alipay.refund(refundInput(trade, 1))).toMatchObject({ status: "failed" });
  });

  it("a forged or tampered refund notification does not verify", async () => {
    const trade = await paidAlipayTrade(800);
    h.enqueued.length = 0;
    await alipay.refund(refundInput(trade, 800));
    const n = await deliveredNotification(h, h.enqueued.find((x) => x.refundId));
    const tampered = n.rawBody.replace("refund_fee=8.00", "refund_fee=0.01");
    expect(tampered).not.toBe(n.rawBody);
    expect(await alipayNotes.parseNotification({ ...n, rawBody: tampered })).toMatchObject({ verified: false, claimedOutTradeNo: trade.outTradeNo });
  });

  it("scripted: fail is a synchronous refusal; processing answers fund_change N and succeeds by query after the delay", async () => {
    const trade = await paidAlipayTrade(900);
    await scriptRefunds(h.store, trade.id, { kind: "fail" });
    expect(await alipay.refund(refundInput(trade, 100))).toMatchObject({ status: "failed", failure: { code: "ACQ.SELLER_BALANCE_NOT_ENOUGH" } });
    expect((await h.store.getTrade(trade.id))!.refundedFen ?? 0).toBe(0);

    await scriptRefunds(h.store, trade.id, { kind: "processing", delaySeconds: 1 });
    const input = refundInput(trade, 100);
    const pending = await alipay.refund(input);
    expect(pending.status).toBe("pending");
    expect(pending.raw).toMatchObject({ fund_change: "N" });
    expect((await alipay.queryRefund(input)).status).toBe("not_found");
    await new Promise((r) => setTimeout(r, 1100));
    expect(await alipay.queryRefund(input)).toMatchObject({ status: "succeeded", amountFen: 100 });
  });

  it("refund amounts cross the yuan boundary by integer arithmetic", async () => {
    const trade = await paidAlipayTrade(30);
    expect(await alipay.refund(refundInput(trade, 29))).toMatchObject({ status: "succeeded", amountFen: 29 });
    expect((await h.store.getTrade(trade.id))!.refundedFen).toBe(29);
  });
});

describe("WeChat Pay refunds (POST /v3/refund/domestic/refunds, GET …/{out_refund_no}, REFUND.*)", () => {
  it("a refund answers PROCESSING, then the signed, encrypted REFUND.SUCCESS verifies; the query says SUCCESS", async () => {
    const trade = await paidWechatTrade(1000);
    h.enqueued.length = 0;
    const input = refundInput(trade, 300);
    const result = await wechat.refund(input);
    expect(result).toMatchObject({ status: "pending", amountFen: 300 });
    expect(result.channelRefundNo).toMatch(/^\d{29}$/);
    const n = await deliveredNotification(h, h.enqueued.find((x) => x.refundId));
    expect(JSON.parse(n.rawBody)).toMatchObject({ event_type: "REFUND.SUCCESS", resource: { original_type: "refund", associated_data: "refund" } });
    expect(await wechatNotes.parseNotification(n)).toMatchObject({
      verified: true,
      kind: "refund",
      outTradeNo: trade.outTradeNo,
      outRefundNo: input.outRefundNo,
      status: "succeeded",
      refundFen: 300,
      totalFen: 1000,
      channelRefundNo: result.channelRefundNo,
      mchId,
    });
    expect(await wechat.queryRefund(input)).toMatchObject({ status: "succeeded", amountFen: 300 });
  });

  it("refuses an over-refund, a wrong total and an unpaid order; a full refund turns the payment query's trade_state to REFUND (still paid)", async () => {
    const trade = await paidWechatTrade(500);
    expect(await wechat.refund({ ...refundInput(trade, 100), totalFen: 499 })).toMatchObject({ status: "failed", failure: { code: "PARAM_ERROR" } });
    expect((await wechat.refund(refundInput(trade, 500))).status).toBe("pending");
    expect(await wechat.refund(refundInput(trade, 1))).toMatchObject({ status: "failed" });
    expect(await wechat.queryPayment(trade.outTradeNo)).toMatchObject({ status: "paid" });
    expect((await h.store.getTrade(trade.id))!.status).toBe("REFUND");
    const unpaid = await paidWechatTrade(500, false);
    expect(await wechat.refund(refundInput(unpaid, 100))).toMatchObject({ status: "failed", failure: { code: "INVALID_REQUEST" } });
  });

  it("never over-refunds when twenty refunds race", async () => {
    const trade = await paidWechatTrade(100);
    const results = await Promise.all(Array.from({ length: 20 }, () => wechat.refund(refundInput(trade, 30))));
    expect(results.filter((r) => r.status === "pending")).toHaveLength(3);
    expect(results.filter((r) => r.status === "failed")).toHaveLength(17);
    expect((await h.store.getTrade(trade.id))!.refundedFen).toBe(90);
  });

  it("an unknown out_refund_no is not_found (404 RESOURCE_NOT_EXISTS, signed)", async () => {
    const trade = await paidWechatTrade(100);
    expect(await wechat.queryRefund({ outTradeNo: trade.outTradeNo, outRefundNo: refundNo() })).toMatchObject({ status: "not_found" });
  });

  it("scripted: fail sends REFUND.ABNORMAL and gives the amount back; notify_twice sends one event twice", async () => {
    const trade = await paidWechatTrade(600);
    await scriptRefunds(h.store, trade.id, { kind: "fail" });
    h.enqueued.length = 0;
    const input = refundInput(trade, 600);
    expect((await wechat.refund(input)).status).toBe("pending");
    const abnormal = await wechatNotes.parseNotification(await deliveredNotification(h, h.enqueued.find((x) => x.refundId)));
    expect(abnormal).toMatchObject({ verified: true, kind: "refund", status: "failed", outRefundNo: input.outRefundNo });
    expect(await wechat.queryRefund(input)).toMatchObject({ status: "failed", failure: { code: "ABNORMAL" } });
    expect((await h.store.getTrade(trade.id))!.refundedFen ?? 0).toBe(0);

    await scriptRefunds(h.store, trade.id, { kind: "notify_twice" });
    h.enqueued.length = 0;
    await wechat.refund(refundInput(trade, 100));
    const twice = h.enqueued.filter((x) => x.refundId);
    expect(twice).toHaveLength(2);
    expect(twice[0]!.notificationId).toBe(twice[1]!.notificationId);
  });

  it("scripted processing: PROCESSING until the delay, then SUCCESS, and the delayed notification says so", async () => {
    const trade = await paidWechatTrade(600);
    await scriptRefunds(h.store, trade.id, { kind: "processing", delaySeconds: 1 });
    h.enqueued.length = 0;
    const input = refundInput(trade, 250);
    await wechat.refund(input);
    expect((await wechat.queryRefund(input)).status).toBe("pending");
    const intent = h.enqueued.find((x) => x.refundId);
    expect(intent?.delaySeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await wechatNotes.parseNotification(await deliveredNotification(h, intent))).toMatchObject({ kind: "refund", status: "succeeded" });
    expect((await wechat.queryRefund(input)).status).toBe("succeeded");
  });

  it("a refund notification signed with another key, or re-encrypted with another APIv3 key, is refused", async () => {
    const trade = await paidWechatTrade(700);
    h.enqueued.length = 0;
    await wechat.refund(refundInput(trade, 700));
    const n = await deliveredNotification(h, h.enqueued.find((x) => x.refundId));
    const other = await provisionWechatMerchant(h.store, { accountRef: "stranger", signingMode: "public_key" });
    const forged = new Headers(n.headers);
    forged.set("wechatpay-signature", createSign("RSA-SHA256").update(`${n.headers.get("wechatpay-timestamp")}\n${n.headers.get("wechatpay-nonce")}\n${n.rawBody}\n`).sign(other.merchantPrivateKeyPem, "base64"));
    expect(await wechatNotes.parseNotification({ headers: forged, rawBody: n.rawBody })).toMatchObject({ verified: false });
    const strangerView = getNotificationVerifier(wechatCredentials(h, other));
    expect(await strangerView.parseNotification(n)).toMatchObject({ verified: false });
  });
});
