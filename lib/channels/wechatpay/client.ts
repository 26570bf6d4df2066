import type { KeyObject } from "node:crypto";
import WxPay from "wechatpay-node-v3";
import { ChannelError } from "../errors";
import { parsePrivateKey, parsePublicKey, pkcs8Pem } from "../keys";
import type { ChannelOptions, WechatpayCredentials } from "../types";
import { parseJson } from "../json";
import { RedirectingPayRequest } from "./http";
import { verifyWechatSignature, type PlatformKey } from "./signature";

export interface WechatContext {
  creds: WechatpayCredentials;
  merchantKey: KeyObject;
  /** The configured platform key: the one we ask WeChat to sign answers with. */
  platform: PlatformKey;
  /** Every key trusted for answers and notifications: `platform` first, then the additional ones. */
  platformKeys: PlatformKey[];
  timeoutMs: number;
  now: () => Date;
}

/** A WeChat answer whose signature was checked: always valid for 2xx (else we threw); `signed` says so for errors. */
export interface WechatAnswer {
  status: number;
  body: string;
  json: unknown;
  signed: boolean;
}

const USER_AGENT = "payrelay (wechatpay-node-v3)";
const DEFAULT_TIMEOUT_MS = 10_000;

/** Credentials checked and keys parsed once, for a channel or a notification verifier. */
export function wechatContext(creds: WechatpayCredentials, options: ChannelOptions = {}): WechatContext {
  if (Buffer.byteLength(creds.apiV3Key, "utf8") !== 32) {
    throw new ChannelError("invalid_credentials", "apiV3Key must be 32 characters", { createdAtChannel: "no" });
  }
  const platform: PlatformKey = { key: parsePublicKey(creds.platformPublicKey, "platformPublicKey"), id: creds.platformPublicKeyId };
  const additional = (creds.additionalPlatformKeys ?? []).map((k) => ({ key: parsePublicKey(k.publicKey, "additionalPlatformPublicKey"), id: k.id }));
  return {
    creds,
    merchantKey: parsePrivateKey(creds.privateKey, "privateKey"),
    platform,
    platformKeys: [platform, ...additional],
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: options.now ?? (() => new Date()),
  };
}

/**
 * One API call: wechatpay-node-v3 builds and signs the request (a fresh instance per call, so the
 * captured response is this call's), our HTTP service sends it to apiBase, and the answer's
 * signature is verified here. We never give the SDK the APIv3 key: its decryption is unsafe.
 */
export async function callWechat(ctx: WechatContext, invoke: (pay: WxPay) => Promise<unknown>): Promise<WechatAnswer> {
  const http = new RedirectingPayRequest(ctx.creds.apiBase, ctx.timeoutMs, migrationHeaders(ctx.platform.id));
  const pay = new WxPay({
    appid: ctx.creds.appId,
    mchid: ctx.creds.mchId,
    serial_no: ctx.creds.serialNo,
    // The SDK insists on the merchant certificate but only reads it to derive serial_no, which we pass.
    publicKey: Buffer.from("unused: serial_no is given"),
    privateKey: Buffer.from(pkcs8Pem(ctx.merchantKey)),
    userAgent: USER_AGENT,
  });
  pay.createHttp(http);
  try {
    await invoke(pay);
  } catch (err) {
    if (err instanceof ChannelError) throw err;
    // The SDK's own checks (e.g. a missing out_trade_no) throw plain Errors before sending anything.
    throw new ChannelError("invalid_request", `wechatpay-node-v3 refused the call: ${err instanceof Error ? err.message : String(err)}`, {
      createdAtChannel: http.sent() ? "unknown" : "no",
      cause: err,
    });
  }
  const { status, headers, body } = http.response();
  const check = verifyWechatSignature(headers, body, ctx.platformKeys, ctx.now());
  if (status >= 200 && status < 300 && !check.ok) {
    // The channel may well have acted (created the order): we just cannot believe what it said.
    throw new ChannelError("invalid_response_signature", `WeChat Pay answer rejected: ${check.reason}`, { httpStatus: status, createdAtChannel: "unknown" });
  }
  return { status, body, json: parseJson(body), signed: check.ok };
}

/**
 * A merchant migrating from platform certificates to the WeChat Pay public key asks for answers
 * signed with the new key by naming it in Wechatpay-Serial; harmless once migration is done.
 */
function migrationHeaders(platformKeyId: string): Record<string, string> {
  return platformKeyId.startsWith("PUB_KEY_ID_") ? { "Wechatpay-Serial": platformKeyId } : {};
}

/** `{code, message}` of an error answer. The code of an unsigned answer is reported, never acted on. */
export function wechatErrorCode(answer: WechatAnswer): { code: string; message: string } {
  const json = answer.json;
  const obj = json !== null && typeof json === "object" ? (json as Record<string, unknown>) : {};
  return {
    code: typeof obj.code === "string" ? obj.code : `http_${answer.status}`,
    message: typeof obj.message === "string" ? obj.message : `HTTP ${answer.status}`,
  };
}

/** A signed error code we may act on (ORDER_NOT_EXIST → not_found, …). */
export function signedErrorCode(answer: WechatAnswer): string | undefined {
  return answer.signed && answer.status >= 400 ? wechatErrorCode(answer).code : undefined;
}

/** 4xx: WeChat refused the request, nothing was created. 5xx: it may have been (WeChat says retry as is). */
export function wechatError(operation: string, answer: WechatAnswer): ChannelError {
  const { code, message } = wechatErrorCode(answer);
  const createdAtChannel = answer.status >= 400 && answer.status < 500 ? "no" : "unknown";
  return new ChannelError(code, `${operation}: ${message}`, { httpStatus: answer.status, createdAtChannel });
}
