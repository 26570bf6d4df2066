import { sign as rsaSign, type KeyObject } from "node:crypto";
import { AlipayRequestError, AlipaySdk } from "alipay-sdk";
import { formatBeijingTime } from "../beijing-time";
import { ChannelError } from "../errors";
import type { AlipayCredentials } from "../types";
import { parsePrivateKey, parsePublicKey, pkcs8Pem, spkiPem } from "../keys";

/**
 * alipay-sdk, configured so that none of its unsafe defaults apply: responses are always verified
 * (`validateSign: true`, with the Alipay public key always set: without it the SDK silently skips
 * verification), results keep Alipay's snake_case field names, and timestamps are Beijing time.
 */

/** Timeout of one call to Alipay unless the caller sets one. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The inner object of `<method>_response`, as Alipay sent it. */
export interface AlipayResponse {
  code: string;
  msg: string;
  sub_code?: string;
  sub_msg?: string;
  [field: string]: unknown;
}

export interface AlipayClients {
  /** Builds the payUrl the buyer's browser opens (browserGateway). */
  page: AlipaySdk;
  /** Server-to-server calls and notification checks (gateway). */
  api: AlipaySdk;
}

function sdkFor(creds: AlipayCredentials, gateway: string, timeoutMs: number): AlipaySdk {
  const sdk = new AlipaySdk({
    appId: creds.appId,
    // Re-exported as PKCS#8 PEM: the SDK rewraps any "…PRIVATE KEY" PEM as PKCS#8, which would
    // silently break a PKCS#1 key.
    privateKey: pkcs8Pem(parsePrivateKey(creds.privateKey, "privateKey")),
    keyType: "PKCS8",
    alipayPublicKey: spkiPem(parsePublicKey(creds.alipayPublicKey, "alipayPublicKey")),
    gateway,
    timeout: timeoutMs,
    camelcase: false,
  });
  // The SDK keeps the keys as PEM text and hands them to createSign().sign() / createVerify().verify(),
  // which parse the PEM again on every call (about 2 ms each for RSA-2048, most of a prepay's CPU).
  // Both accept a parsed KeyObject, so give them one; the adapter tests exercise both paths.
  const config = sdk.config as unknown as { privateKey: unknown; alipayPublicKey: unknown };
  config.privateKey = parsePrivateKey(creds.privateKey, "privateKey");
  config.alipayPublicKey = parsePublicKey(creds.alipayPublicKey, "alipayPublicKey");
  return sdk;
}

export function alipayClients(creds: AlipayCredentials, timeoutMs: number): AlipayClients {
  const api = sdkFor(creds, creds.gateway, timeoutMs);
  const page = creds.browserGateway && creds.browserGateway !== creds.gateway ? sdkFor(creds, creds.browserGateway, timeoutMs) : api;
  return { page, api };
}

/**
 * The SDK stamps requests with the process's local time; Alipay reads `timestamp` as Beijing time.
 * A caller-supplied `timestamp` overrides the SDK's (its sign() copies caller params last).
 */
export function beijingTimestamp(now: Date): { timestamp: string } {
  return { timestamp: formatBeijingTime(now) };
}

/** The common parameters Alipay reads from a page request's query string (the SDK's formatUrl list). */
const URL_PARAMS = new Set(["app_id", "method", "format", "charset", "sign_type", "sign", "timestamp", "version", "notify_url", "return_url", "auth_token", "app_auth_token", "app_cert_sn", "alipay_root_cert_sn", "ws_service_url"]);

/** Signs on libuv's thread pool: an RSA-2048 signature is the largest CPU cost of a prepay, and this keeps it off the event loop. */
function signAsync(data: string, key: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    rsaSign("RSA-SHA256", Buffer.from(data, "utf8"), key, (error, signature) => (error ? reject(error) : resolve(signature.toString("base64"))));
  });
}

/**
 * The GET payUrl of a page product (alipay.trade.wap.pay, alipay.trade.page.pay): byte for byte what
 * the SDK's `pageExec(method, "GET", …)` builds (tests/channels/alipay-h5.test.ts compares them),
 * the same RSA2 signature over the sorted parameters, but signed off the event loop. The SDK signs
 * synchronously, and at a few hundred prepays a second that signature alone held the web process's
 * one thread for a tenth of its time.
 */
export async function signedPageUrl(
  sdk: AlipaySdk,
  method: string,
  params: { bizContent: Record<string, string>; notifyUrl: string; returnUrl?: string; timestamp: string },
): Promise<string> {
  const config = sdk.config as unknown as { appId: string; charset: string; version: string; signType: string; gateway: string; privateKey: KeyObject };
  if (config.signType !== "RSA2") throw new Error(`signedPageUrl signs RSA2 only, not ${config.signType}`);
  const fields: Record<string, string> = {
    method,
    app_id: config.appId,
    charset: config.charset,
    version: config.version,
    sign_type: config.signType,
    timestamp: params.timestamp,
    alipay_sdk: sdk.version,
    notify_url: params.notifyUrl,
    ...(params.returnUrl !== undefined ? { return_url: params.returnUrl } : {}),
    biz_content: JSON.stringify(params.bizContent),
  };
  const signString = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join("&");
  fields.sign = await signAsync(signString, config.privateKey);
  const url = new URL(config.gateway);
  const body: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (URL_PARAMS.has(k)) url.searchParams.set(k, v);
    else body.push(`${k}=${encodeURIComponent(v)}`);
  }
  return `${url.toString()}&${body.join("&")}`;
}

/** One classic-gateway call with the response signature checked; Alipay's business errors are returned, not thrown. */
export async function execVerified(
  sdk: AlipaySdk,
  method: string,
  bizContent: Record<string, unknown>,
  now: Date,
  common: { notifyUrl?: string } = {},
): Promise<AlipayResponse> {
  let result: Record<string, unknown>;
  try {
    result = await sdk.exec(method, { bizContent, ...common, ...beijingTimestamp(now) }, { validateSign: true });
  } catch (err) {
    throw sdkFailure(method, err);
  }
  const { traceId: _traceId, ...inner } = result;
  if (typeof inner.code !== "string") throw new ChannelError("invalid_response", `${method}: answer without a code`);
  return { ...inner, code: inner.code, msg: typeof inner.msg === "string" ? inner.msg : "" };
}

/**
 * What went wrong inside exec. Transport failures (refused, reset, timed out) carry the HTTP
 * client's error as `cause` and no response; a failed signature check names 验签; anything else is
 * an answer we could not read (non-200, not JSON, an unsigned gateway error_response).
 */
function sdkFailure(method: string, err: unknown): ChannelError {
  if (err instanceof AlipayRequestError && err.cause !== undefined && err.responseDataRaw === undefined) {
    return new ChannelError("network_error", `${method}: Alipay unreachable or too slow`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes("验签")) {
    return new ChannelError("invalid_response_signature", `${method}: Alipay's answer failed signature verification`, { cause: err });
  }
  return new ChannelError("invalid_response", `${method}: unreadable answer from Alipay`, { cause: err });
}

/** A refusal Alipay answered in its envelope (signed, so the code is trustworthy). */
export function alipayBusinessError(method: string, res: AlipayResponse): ChannelError {
  const code = res.sub_code ?? res.code;
  return new ChannelError(code, `${method}: ${res.sub_msg ?? res.msg} (${res.code})`, { createdAtChannel: "no" });
}
