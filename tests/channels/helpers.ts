import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { AlipayCredentials, NormalisedNotification, WechatpayCredentials } from "@/lib/channels";
import { buildSandboxNotification } from "@/lib/sandbox/cashier";
import type { AlipaySandboxCredentials, WechatSandboxCredentials } from "@/lib/sandbox/provision";
import type { NotificationIntent } from "@/lib/sandbox/trades";
import type { SandboxTrade } from "@/lib/sandbox/store";
import type { Harness } from "../sandbox/harness";

/** Channel credentials as a channel account row would hold them, for a sandbox-provisioned app. */
export function alipayCredentials(h: Harness, c: AlipaySandboxCredentials, overrides: Partial<AlipayCredentials> = {}): AlipayCredentials {
  return {
    provider: "alipay",
    appId: c.appId,
    privateKey: c.appPrivateKeyPem,
    alipayPublicKey: c.alipayPublicKeyPem,
    gateway: `${h.base}/sandbox/alipay/gateway.do`,
    ...overrides,
  };
}

export function wechatCredentials(h: Harness, c: WechatSandboxCredentials, overrides: Partial<WechatpayCredentials> = {}): WechatpayCredentials {
  return {
    provider: "wechatpay",
    appId: c.appid,
    mchId: c.mchid,
    serialNo: c.serialNo,
    privateKey: c.merchantPrivateKeyPem,
    apiV3Key: c.apiV3Key,
    platformPublicKey: c.platformPublicKeyPem,
    platformPublicKeyId: c.platformKeyId,
    apiBase: `${h.base}/sandbox/wechatpay`,
    ...overrides,
  };
}

/** `n` is the verified, normalised notification of the paid sandbox `trade` (paidAt to the provider's whole second). */
export function expectPaidNotification(n: NormalisedNotification, trade: SandboxTrade, expected: Record<string, unknown>): void {
  expect(n).toMatchObject({ verified: true, kind: "payment", outTradeNo: trade.outTradeNo, status: "paid", currency: "CNY", channelTradeNo: trade.providerTradeNo, ...expected });
  if (!n.verified) throw new Error(n.reason);
  if (n.kind !== "payment") throw new Error(`a ${n.kind} notification`);
  expect(n.paidAt?.getTime()).toBe(Math.floor((trade.paidAt?.getTime() ?? 0) / 1000) * 1000);
}

/** The notification the sandbox would POST for `intent`, as our callback route receives it. */
export async function deliveredNotification(h: Harness, intent: NotificationIntent | undefined): Promise<{ headers: Headers; rawBody: string }> {
  if (!intent) throw new Error("the sandbox queued no notification");
  const n = await buildSandboxNotification(h.store, intent);
  return { headers: new Headers(n.headers), rawBody: n.body };
}

/** A server that accepts connections and never answers: for timeouts. */
export async function startSilentServer(): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: connection refused. */
export async function closedPortBase(): Promise<string> {
  const s = await startSilentServer();
  await s.close();
  return s.base;
}

let seq = 0;
export const newOutTradeNo = (prefix: string) => `${prefix}${Date.now()}${seq++}`;
