import { randomUUID } from "node:crypto";
import { alipayTradeFields } from "./alipay";
import { readBodyLimited, type SandboxHandlerOptions } from "./http";
import { getSandboxIdentityOrThrow } from "./provision";
import { rsaSha256Sign, rsaSha256Verify } from "./rsa";
import type { SandboxAlipayApp, SandboxIdentity, SandboxStore, SandboxTrade } from "./store";
import { closeTrade, expireIfDue, isVisible, SandboxTradeError } from "./trades";

/**
 * Alipay OpenAPI 3.0 (what `alipaySdk.curl('POST', '/v3/alipay/trade/query', …)` calls):
 * `Authorization: ALIPAY-SHA256withRSA <authString>,sign=<sig>` on requests, bare JSON bodies signed
 * in the alipay-timestamp / alipay-nonce / alipay-signature headers on answers.
 * Mounted at /sandbox/alipay, so the SDK's `endpoint` is `${origin}/sandbox/alipay`.
 */

const MAX_BODY_BYTES = 64 * 1024;
const SCHEME = "ALIPAY-SHA256withRSA ";

function json(status: number, body: unknown, identity: SandboxIdentity | null): Response {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json;charset=utf-8", "alipay-trace-id": randomUUID().replaceAll("-", "") };
  // Success bodies are signed (the SDK refuses them otherwise); the SDK never checks error bodies.
  if (identity) {
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    headers["alipay-timestamp"] = timestamp;
    headers["alipay-nonce"] = nonce;
    headers["alipay-signature"] = rsaSha256Sign(`${timestamp}\n${nonce}\n${text}\n`, identity.alipayPrivateKeyPem);
  }
  return new Response(text, { status, headers });
}

const fail = (status: number, code: string, message: string): Response => json(status, { code, message }, null);

interface Auth {
  authString: string;
  sign: string;
  appId: string;
}

/** authString is taken verbatim up to the last ",sign=" (it may carry additionalAuthInfo). */
function parseAuthorization(header: string | null): Auth | null {
  if (!header?.startsWith(SCHEME)) return null;
  const rest = header.slice(SCHEME.length);
  const at = rest.lastIndexOf(",sign=");
  if (at < 0) return null;
  const authString = rest.slice(0, at);
  const fields = new Map(authString.split(",").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const));
  const appId = fields.get("app_id");
  if (!appId || !fields.get("nonce") || !/^\d{13}$/.test(fields.get("timestamp") ?? "")) return null;
  return { authString, sign: rest.slice(at + 6), appId };
}

async function authenticate(store: SandboxStore, request: Request, signedUrls: string[], body: string): Promise<SandboxAlipayApp | Response> {
  const auth = parseAuthorization(request.headers.get("authorization"));
  if (!auth) return fail(401, "invalid-auth", "Authorization 头缺失或格式错误");
  const app = await store.getAlipayApp(auth.appId);
  if (!app || app.mode !== "test") return fail(401, "invalid-app-id", "无效的AppID参数");
  const token = request.headers.get("alipay-app-auth-token");
  const ok = signedUrls.some((url) =>
    rsaSha256Verify(`${auth.authString}\n${request.method}\n${url}\n${body}\n${token ? `${token}\n` : ""}`, auth.sign, app.appPublicKeyPem),
  );
  return ok ? app : fail(401, "invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配");
}

/** Entry point for `/sandbox/alipay/v3/…`; `path` starts with `/v3/`. */
export async function handleAlipayV3(store: SandboxStore, request: Request, path: string, options: SandboxHandlerOptions): Promise<Response> {
  if (request.method !== "POST") return fail(405, "method-not-allowed", "请求方法不被允许");
  const body = await readBodyLimited(request, MAX_BODY_BYTES);
  if (body === null) return fail(413, "payload-too-large", "请求体过大");
  const url = new URL(request.url);
  // The SDK signs the path it was given (`/v3/…`), or the full pathname when it adds a query.
  const app = await authenticate(store, request, [...new Set([`${path}${url.search}`, `${url.pathname}${url.search}`])], body);
  if (app instanceof Response) return app;
  let biz: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body || "{}");
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    biz = parsed as Record<string, unknown>;
  } catch {
    return fail(400, "invalid-parameter", "请求体不是合法的 JSON 对象");
  }
  if (path === "/v3/alipay/trade/query") return query(store, app, biz, options);
  if (path === "/v3/alipay/trade/close") return close(store, app, biz, options);
  return fail(404, "not-found", "接口不存在");
}

async function findTrade(store: SandboxStore, app: SandboxAlipayApp, biz: Record<string, unknown>): Promise<SandboxTrade | Response> {
  const tradeNo = typeof biz.trade_no === "string" ? biz.trade_no : "";
  const outTradeNo = typeof biz.out_trade_no === "string" ? biz.out_trade_no : "";
  if (!tradeNo && !outTradeNo) return fail(400, "ACQ.INVALID_PARAMETER", "参数无效：out_trade_no 与 trade_no 不能同时为空");
  const trade = tradeNo
    ? await store.findTradeByProviderTradeNo("alipay", app.appId, tradeNo)
    : await store.findTradeByOutTradeNo("alipay", app.appId, outTradeNo);
  // Which 4xx Alipay uses for a missing trade is undocumented; the SDK treats them all alike.
  return trade && isVisible(trade) ? trade : fail(404, "ACQ.TRADE_NOT_EXIST", "交易不存在");
}

async function query(store: SandboxStore, app: SandboxAlipayApp, biz: Record<string, unknown>, options: SandboxHandlerOptions): Promise<Response> {
  const found = await findTrade(store, app, biz);
  if (found instanceof Response) return found;
  const { trade, notifications } = await expireIfDue(store, found, options.now ?? new Date());
  await options.enqueue?.(notifications);
  return json(200, alipayTradeFields(trade), await getSandboxIdentityOrThrow(store));
}

async function close(store: SandboxStore, app: SandboxAlipayApp, biz: Record<string, unknown>, options: SandboxHandlerOptions): Promise<Response> {
  const found = await findTrade(store, app, biz);
  if (found instanceof Response) return found;
  try {
    const { trade, notifications } = await closeTrade(store, found, options.now ?? new Date());
    await options.enqueue?.(notifications);
    return json(200, { trade_no: trade.providerTradeNo, out_trade_no: trade.outTradeNo }, await getSandboxIdentityOrThrow(store));
  } catch (err) {
    if (err instanceof SandboxTradeError && err.code === "trade_paid") return fail(400, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
    throw err;
  }
}
