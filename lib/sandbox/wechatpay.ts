import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { digits } from "./keys";
import { newNonce, newSandboxTradeId, newWechatPrepayId, newWechatTransactionId, parseRfc3339, wechatTime } from "./format";
import { cashierUrl, readBodyLimited, type SandboxHandlerOptions } from "./http";
import { getSandboxIdentityOrThrow } from "./provision";
import { rsaSha256Sign, rsaSha256Verify } from "./rsa";
import type { SandboxIdentity, SandboxStore, SandboxTrade, SandboxWechatMerchant, WechatSigningMode } from "./store";
import { closeTrade, expireIfDue, isPaid, newNotificationId, SandboxTradeError } from "./trades";
import { requestRefund, settleRefundIfDue } from "./refunds";
import type { SandboxRefund } from "./store";

/**
 * The WeChat Pay APIv3 emulator (direct-merchant mode): h5 and jsapi orders, query, close,
 * /v3/certificates, response signing in both key modes and the TRANSACTION.SUCCESS notification.
 * Written from the protocol notes (docs/payment-protocols.md, part B); shares nothing with lib/channels.
 */

const MAX_BODY_BYTES = 64 * 1024;
const AUTH_SCHEME = "WECHATPAY2-SHA256-RSA2048";
/** WeChat refuses an Authorization timestamp more than 5 minutes away from its clock. */
const MAX_CLOCK_SKEW_SECONDS = 300;
/** prepay_id lives about 2 hours; orders without time_expire are closed after that in the sandbox. */
const DEFAULT_EXPIRY_MS = 2 * 3_600_000;

// ---------------------------------------------------------------------------------------------
// Signing and encryption

interface SigningKey {
  serial: string;
  privateKeyPem: string;
}

/** Platform-certificate mode signs with the certificate's key; public-key mode with the PUB_KEY_ID key. */
export function wechatSigningKey(identity: SandboxIdentity, mode: WechatSigningMode): SigningKey {
  return mode === "public_key"
    ? { serial: identity.wechatPublicKeyId, privateKeyPem: identity.wechatPublicKeyPrivatePem }
    : { serial: identity.wechatPlatformSerial, privateKeyPem: identity.wechatPlatformPrivateKeyPem };
}

/** Headers that sign `ts\nnonce\nbody\n`; a 204's empty body is signed as an empty line too. */
export function wechatSignatureHeaders(body: string, key: SigningKey, now: Date, opts: { probe?: boolean } = {}): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = newNonce(32);
  // Real WeChat sometimes sends a deliberately invalid "probe" signature to see whether merchants verify.
  const signature = opts.probe
    ? `WECHATPAY/SIGNTEST/${randomBytes(192).toString("base64")}`
    : rsaSha256Sign(`${timestamp}\n${nonce}\n${body}\n`, key.privateKeyPem);
  return {
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Signature": signature,
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Serial": key.serial,
    "Wechatpay-Signature-Type": AUTH_SCHEME,
  };
}

/**
 * AEAD_AES_256_GCM as WeChat uses it: key = the APIv3 key's 32 bytes, IV = the 12-character nonce,
 * ciphertext = base64(encrypted ‖ 16-byte tag).
 */
export function aeadAes256GcmEncrypt(plaintext: string, apiV3Key: string, nonce: string, associatedData: string): string {
  const key = Buffer.from(apiV3Key, "utf8");
  if (key.length !== 32) throw new Error("APIv3 key must be 32 bytes");
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([encrypted, cipher.getAuthTag()]).toString("base64");
}

// ---------------------------------------------------------------------------------------------
// Responses

interface Reply {
  status: number;
  /** Serialised exactly once: the signed bytes are the sent bytes. */
  body: unknown;
}

const reply = (status: number, body?: unknown): Reply => ({ status, body });
const error = (status: number, code: string, message: string, detail?: Record<string, unknown>): Reply =>
  reply(status, detail ? { code, message, detail } : { code, message });

function respond(r: Reply, key: SigningKey, now: Date): Response {
  const text = r.body === undefined ? "" : JSON.stringify(r.body);
  const headers: Record<string, string> = { ...wechatSignatureHeaders(text, key, now), "Request-ID": randomUUID() };
  if (r.body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
  return new Response(r.status === 204 ? null : text, { status: r.status, headers });
}

// ---------------------------------------------------------------------------------------------
// Authorization

function parseAuthorization(header: string | null): Record<string, string> | null {
  if (!header?.startsWith(`${AUTH_SCHEME} `)) return null;
  const fields: Record<string, string> = {};
  // Field order differs between SDKs (node-v3: mchid,nonce_str,timestamp,serial_no,signature).
  for (const m of header.slice(AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    if (m[1] !== undefined && m[2] !== undefined) fields[m[1]] = m[2];
  }
  return fields;
}

const signError = (message: string): Reply => error(401, "SIGN_ERROR", message);

/**
 * Verifies the request signature. The signed URL is the path without scheme and host; SDKs pointed
 * at the sandbox sign `/v3/…` (node-v3 strips only the real host), clients given the full sandbox
 * base sign the mounted path. Both are accepted.
 */
async function authenticate(
  store: SandboxStore,
  request: Request,
  signedUrls: string[],
  body: string,
  now: Date,
): Promise<SandboxWechatMerchant | Reply> {
  const auth = parseAuthorization(request.headers.get("authorization"));
  if (!auth) return signError("Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》");
  const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = auth;
  if (!mchid || !nonce || !timestamp || !serial || !signature) return signError("Http头Authorization值格式错误，缺少必要字段");
  const merchant = await store.getWechatMerchant(mchid);
  if (!merchant || merchant.mode !== "test") return signError("商户号不存在或未开通APIv3");
  if (!/^\d{1,10}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return signError("Http头Authorization中的timestamp与发起请求的时间不得超过5分钟");
  }
  // node-v3 derives the serial from the certificate in lowercase hex; WeChat accepts either case.
  if (serial.toUpperCase() !== merchant.merchantCertSerial.toUpperCase()) return signError("商户证书序列号有误。");
  const ok = signedUrls.some((url) => rsaSha256Verify(`${request.method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`, signature, merchant.merchantPublicKeyPem));
  return ok ? merchant : signError("错误的签名，导致验签失败。");
}

/** A merchant migrating to public-key mode asks for it per request with `Wechatpay-Serial: PUB_KEY_ID_…`. */
function responseMode(request: Request, identity: SandboxIdentity, merchant: SandboxWechatMerchant | null): WechatSigningMode {
  if (request.headers.get("wechatpay-serial") === identity.wechatPublicKeyId) return "public_key";
  return merchant?.signingMode ?? "public_key";
}

// ---------------------------------------------------------------------------------------------
// Entry point

export type WechatHandlerOptions = SandboxHandlerOptions;

/**
 * Entry point for `/sandbox/wechatpay/v3/…`. `path` is the part after the mount point, starting with
 * `/v3/` (e.g. `/v3/pay/transactions/h5`); the query string is read from `request.url`.
 */
export async function handleWechatRequest(store: SandboxStore, request: Request, path: string, options: WechatHandlerOptions): Promise<Response> {
  const now = options.now ?? new Date();
  const identity = await getSandboxIdentityOrThrow(store);
  const url = new URL(request.url);
  const body = request.method === "GET" || request.method === "HEAD" ? "" : await readBodyLimited(request, MAX_BODY_BYTES);
  const fallbackKey = wechatSigningKey(identity, responseMode(request, identity, null));
  if (body === null) return respond(error(413, "PARAM_ERROR", "请求体过大"), fallbackKey, now);

  const merchant = await authenticate(store, request, [...new Set([`${path}${url.search}`, `${url.pathname}${url.search}`])], body, now);
  if (!("mchid" in merchant)) return respond(merchant, fallbackKey, now);
  const key = wechatSigningKey(identity, responseMode(request, identity, merchant));
  const ctx: Ctx = { store, merchant, identity, now, options, query: url.searchParams, body };
  return respond(await route(ctx, request.method, path), key, now);
}

interface Ctx {
  store: SandboxStore;
  merchant: SandboxWechatMerchant;
  identity: SandboxIdentity;
  now: Date;
  options: WechatHandlerOptions;
  query: URLSearchParams;
  body: string;
}

async function route(ctx: Ctx, method: string, path: string): Promise<Reply> {
  if (method === "POST" && path === "/v3/pay/transactions/h5") return createOrder(ctx, "MWEB");
  if (method === "POST" && path === "/v3/pay/transactions/jsapi") return createOrder(ctx, "JSAPI");
  if (method === "POST" && path === "/v3/pay/transactions/native") return createOrder(ctx, "NATIVE");
  if (method === "GET" && path === "/v3/certificates") return certificates(ctx);
  const byOutTradeNo = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(path);
  if (byOutTradeNo?.[1]) {
    const outTradeNo = decodeURIComponent(byOutTradeNo[1]);
    if (byOutTradeNo[2]) return method === "POST" ? closeOrder(ctx, outTradeNo) : notAllowed();
    return method === "GET" ? queryOrder(ctx, "out_trade_no", outTradeNo) : notAllowed();
  }
  if (path === "/v3/refund/domestic/refunds") return method === "POST" ? createRefund(ctx) : notAllowed();
  const refundNo = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
  if (refundNo?.[1]) return method === "GET" ? queryRefund(ctx, decodeURIComponent(refundNo[1])) : notAllowed();
  const byId = /^\/v3\/pay\/transactions\/id\/([^/]+)$/.exec(path);
  if (byId?.[1]) return method === "GET" ? queryOrder(ctx, "transaction_id", decodeURIComponent(byId[1])) : notAllowed();
  return error(404, "NOT_FOUND", "请求的资源不存在");
}

const notAllowed = (): Reply => error(405, "METHOD_NOT_ALLOWED", "请求方法不被允许");

function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

function paramError(issues: readonly z.core.$ZodIssue[]): Reply {
  const first = issues[0];
  const field = first ? first.path.join(".") : "";
  return error(400, "PARAM_ERROR", `输入源“/body/${field.replaceAll(".", "/")}”映射到字段“${field}”必填性规则校验失败，此字段为必填项或格式不正确`, {
    field,
    location: "body",
    issue: first?.message ?? "invalid",
  });
}

// ---------------------------------------------------------------------------------------------
// Orders

const orderFields = {
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  // 6-32 characters of digits, letters and _-|*, per the API reference.
  out_trade_no: z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/),
  time_expire: z.string().optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.string().max(256).regex(/^https?:\/\/[^\s]+$/),
  goods_tag: z.string().max(32).optional(),
  support_fapiao: z.boolean().optional(),
  amount: z.object({ total: z.number().int().min(1).max(100_000_000_00), currency: z.literal("CNY").optional() }),
};

export const wechatH5OrderSchema = z.object({
  ...orderFields,
  scene_info: z.object({
    payer_client_ip: z.string().min(1).max(45),
    device_id: z.string().max(32).optional(),
    h5_info: z.object({ type: z.enum(["iOS", "Android", "Wap"]), app_name: z.string().optional(), app_url: z.string().optional() }),
  }),
});

export const wechatJsapiOrderSchema = z.object({
  ...orderFields,
  payer: z.object({ openid: z.string().min(1).max(128) }),
  scene_info: z.object({ payer_client_ip: z.string().min(1).max(45) }).optional(),
});

/** Native: the jsapi body without payer; scene_info is optional and has no h5_info. */
export const wechatNativeOrderSchema = z.object({
  ...orderFields,
  scene_info: z.object({ payer_client_ip: z.string().min(1).max(45), device_id: z.string().max(32).optional() }).optional(),
});

type OrderBody = z.infer<typeof wechatH5OrderSchema> | z.infer<typeof wechatJsapiOrderSchema> | z.infer<typeof wechatNativeOrderSchema>;
type WechatTradeType = "MWEB" | "JSAPI" | "NATIVE";

const ORDER_SCHEMAS = { MWEB: wechatH5OrderSchema, JSAPI: wechatJsapiOrderSchema, NATIVE: wechatNativeOrderSchema } as const;

/** The code_url of a native trade: WeChat's own form, with the prepay id as the `pr` the sandbox cashier "scans". */
export function wechatNativeCodeUrl(prepayId: string): string {
  return `weixin://wxpay/bizpayurl?pr=${prepayId}`;
}

/** The prepay id inside a sandbox code_url, or null when the text is not one. */
export function prepayIdOfCodeUrl(codeUrl: string): string | null {
  return /^weixin:\/\/wxpay\/bizpayurl\?pr=([\w-]{1,64})$/.exec(codeUrl.trim())?.[1] ?? null;
}

function newTrade(ctx: Ctx, order: OrderBody, tradeType: WechatTradeType, timeExpire: Date): SandboxTrade {
  return {
    id: newSandboxTradeId(),
    provider: "wechatpay",
    tradeType,
    appId: order.appid,
    mchid: ctx.merchant.mchid,
    outTradeNo: order.out_trade_no,
    amountFen: order.amount.total,
    subject: order.description,
    body: null,
    notifyUrl: order.notify_url,
    returnUrl: null,
    quitUrl: null,
    attach: order.attach ?? null,
    status: "NOTPAY",
    providerTradeNo: newWechatTransactionId(ctx.now),
    prepayId: newWechatPrepayId(ctx.now),
    timeExpire,
    openedAt: null,
    createdAt: ctx.now,
    paidAt: null,
    closedAt: null,
    payerOpenid: "payer" in order && order.payer ? order.payer.openid : null,
    buyerId: null,
    clientIp: order.scene_info?.payer_client_ip ?? null,
  };
}

/** Same out_trade_no again: fine if nothing that matters changed (WeChat then re-issues the payment). */
function sameOrder(a: SandboxTrade, b: SandboxTrade): boolean {
  return a.tradeType === b.tradeType && a.appId === b.appId && a.amountFen === b.amountFen && a.subject === b.subject && a.payerOpenid === b.payerOpenid;
}

async function createOrder(ctx: Ctx, tradeType: WechatTradeType): Promise<Reply> {
  const json = parseJsonBody(ctx.body);
  if (!json.ok) return error(400, "PARAM_ERROR", "请求体不是合法的JSON");
  const parsed = ORDER_SCHEMAS[tradeType].safeParse(json.value);
  if (!parsed.success) return paramError(parsed.error.issues);
  const order = parsed.data;
  if (order.mchid !== ctx.merchant.mchid) return error(400, "PARAM_ERROR", "请求体中的mchid与Http头Authorization中的商户号不一致");
  if (!ctx.merchant.appids.includes(order.appid)) return error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配");
  let timeExpire = new Date(ctx.now.getTime() + DEFAULT_EXPIRY_MS);
  if (order.time_expire !== undefined) {
    const parsedExpire = parseRfc3339(order.time_expire);
    if (!parsedExpire) return error(400, "PARAM_ERROR", "time_expire格式错误，应为rfc3339格式，如2018-06-08T10:34:56+08:00");
    if (parsedExpire.getTime() <= ctx.now.getTime()) return error(400, "PARAM_ERROR", "time_expire已过期");
    timeExpire = parsedExpire;
  }
  const candidate = newTrade(ctx, order, tradeType, timeExpire);
  const { created, trade: stored } = await ctx.store.insertTrade(candidate);
  let trade = stored;
  if (!created) {
    const expired = await expireIfDue(ctx.store, stored, ctx.now);
    await ctx.options.enqueue?.(expired.notifications);
    trade = expired.trade;
    if (isPaid(trade)) return error(400, "ORDERPAID", "该订单已支付");
    if (trade.status === "CLOSED") return error(400, "ORDERCLOSED", "当前订单已关闭，请重新下单");
    if (!sameOrder(trade, candidate)) return error(400, "INVALID_REQUEST", "201 商户订单号重复");
  }
  if (tradeType === "JSAPI") return reply(200, { prepay_id: trade.prepayId });
  if (tradeType === "NATIVE") return reply(200, { code_url: wechatNativeCodeUrl(trade.prepayId ?? "") });
  // Merchants append "&redirect_url=…", so the URL must already carry a query string, as the real one does.
  const h5Url = `${cashierUrl(ctx.options.cashierBase, trade.id)}?prepay_id=${trade.prepayId ?? ""}&package=${digits(10)}`;
  return reply(200, { h5_url: h5Url });
}

/** mchid rides in the query for GET and in the body for close; it must be the signer's. */
function checkMchid(ctx: Ctx, mchid: unknown): Reply | null {
  if (typeof mchid !== "string" || mchid === "") return error(400, "PARAM_ERROR", "缺少参数mchid");
  if (mchid !== ctx.merchant.mchid) return error(400, "PARAM_ERROR", "mchid与Http头Authorization中的商户号不一致");
  return null;
}

const STATE_DESC: Record<string, string> = { NOTPAY: "订单未支付", SUCCESS: "支付成功", CLOSED: "订单已关闭", PAYERROR: "支付失败，请重新下单支付", REFUND: "转入退款" };

/** The transaction object of query answers and notifications (keys as the real service orders them). */
export function wechatTransaction(trade: SandboxTrade): Record<string, unknown> {
  const paid = isPaid(trade);
  const tx: Record<string, unknown> = {
    amount: paid
      ? { currency: "CNY", payer_currency: "CNY", payer_total: trade.amountFen, total: trade.amountFen }
      : { currency: "CNY", payer_currency: "CNY", total: trade.amountFen },
    appid: trade.appId,
    attach: trade.attach ?? "",
    mchid: trade.mchid,
    out_trade_no: trade.outTradeNo,
    payer: paid && trade.payerOpenid ? { openid: trade.payerOpenid } : {},
    promotion_detail: [],
    trade_state: trade.status,
    trade_state_desc: STATE_DESC[trade.status] ?? trade.status,
  };
  if (paid) {
    Object.assign(tx, { bank_type: "OTHERS", success_time: wechatTime(trade.paidAt ?? trade.createdAt), trade_type: trade.tradeType, transaction_id: trade.providerTradeNo });
  }
  return tx;
}

async function queryOrder(ctx: Ctx, by: "out_trade_no" | "transaction_id", value: string): Promise<Reply> {
  const bad = checkMchid(ctx, ctx.query.get("mchid"));
  if (bad) return bad;
  const found =
    by === "out_trade_no"
      ? await ctx.store.findTradeByOutTradeNo("wechatpay", ctx.merchant.mchid, value)
      : await ctx.store.findTradeByProviderTradeNo("wechatpay", ctx.merchant.mchid, value);
  // By transaction_id only paid trades are findable: unpaid ones have no transaction id yet.
  if (!found || (by === "transaction_id" && !isPaid(found))) return error(404, "ORDER_NOT_EXIST", "订单不存在");
  const { trade, notifications } = await expireIfDue(ctx.store, found, ctx.now);
  await ctx.options.enqueue?.(notifications);
  return reply(200, wechatTransaction(trade));
}

async function closeOrder(ctx: Ctx, outTradeNo: string): Promise<Reply> {
  const json = parseJsonBody(ctx.body);
  const mchid = json.ok && json.value !== null && typeof json.value === "object" ? (json.value as Record<string, unknown>).mchid : undefined;
  const bad = checkMchid(ctx, mchid);
  if (bad) return bad;
  const found = await ctx.store.findTradeByOutTradeNo("wechatpay", ctx.merchant.mchid, outTradeNo);
  if (!found) return error(404, "ORDER_NOT_EXIST", "订单不存在");
  try {
    const { notifications } = await closeTrade(ctx.store, found, ctx.now);
    await ctx.options.enqueue?.(notifications);
    return reply(204);
  } catch (err) {
    if (err instanceof SandboxTradeError && err.code === "trade_paid") return error(400, "ORDERPAID", "订单已支付");
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Refunds (docs/payment-protocols.md E.3)

export const wechatRefundRequestSchema = z
  .object({
    transaction_id: z.string().min(1).max(32).optional(),
    out_trade_no: z.string().min(1).max(32).optional(),
    out_refund_no: z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/),
    reason: z.string().max(80).optional(),
    notify_url: z.string().max(256).regex(/^https?:\/\/[^\s]+$/).optional(),
    funds_account: z.string().optional(),
    amount: z.object({ refund: z.number().int().min(1), total: z.number().int().min(1), currency: z.literal("CNY") }),
  })
  .refine((b) => b.transaction_id !== undefined || b.out_trade_no !== undefined, { path: ["out_trade_no"], message: "transaction_id 与 out_trade_no 必填其一" });

/** The refund object of the create and query answers (field order of the reference). */
export function wechatRefundObject(trade: SandboxTrade, refund: SandboxRefund): Record<string, unknown> {
  return {
    refund_id: refund.providerRefundNo,
    out_refund_no: refund.outRefundNo,
    transaction_id: trade.providerTradeNo,
    out_trade_no: trade.outTradeNo,
    channel: "ORIGINAL",
    user_received_account: "支付用户零钱",
    ...(refund.successAt ? { success_time: wechatTime(refund.successAt) } : {}),
    create_time: wechatTime(refund.createdAt),
    status: refund.status,
    funds_account: "AVAILABLE",
    amount: {
      total: trade.amountFen,
      refund: refund.amountFen,
      from: [],
      payer_total: trade.amountFen,
      payer_refund: refund.amountFen,
      settlement_refund: refund.amountFen,
      settlement_total: trade.amountFen,
      discount_refund: 0,
      currency: "CNY",
      refund_fee: 0,
    },
    promotion_detail: [],
  };
}

async function createRefund(ctx: Ctx): Promise<Reply> {
  const json = parseJsonBody(ctx.body);
  if (!json.ok) return error(400, "PARAM_ERROR", "请求体不是合法的JSON");
  const parsed = wechatRefundRequestSchema.safeParse(json.value);
  if (!parsed.success) return paramError(parsed.error.issues);
  const body = parsed.data;
  const found = body.transaction_id
    ? await ctx.store.findTradeByProviderTradeNo("wechatpay", ctx.merchant.mchid, body.transaction_id)
    : await ctx.store.findTradeByOutTradeNo("wechatpay", ctx.merchant.mchid, body.out_trade_no ?? "");
  if (!found) return error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
  const { trade, notifications: expiry } = await expireIfDue(ctx.store, found, ctx.now);
  await ctx.options.enqueue?.(expiry);
  if (body.amount.total !== trade.amountFen) return error(400, "PARAM_ERROR", "订单金额 amount.total 与原订单金额不一致");
  if (body.amount.refund > body.amount.total) return error(400, "PARAM_ERROR", "退款金额不能大于订单金额");
  const result = await requestRefund(
    ctx.store,
    trade,
    { outRefundNo: body.out_refund_no, amountFen: body.amount.refund, reason: body.reason ?? null, notifyUrl: body.notify_url ?? null },
    ctx.now,
  );
  if (!result.ok) {
    switch (result.error) {
      case "not_paid":
        return error(403, "INVALID_REQUEST", "订单未支付或已全额退款，不能发起退款");
      case "over_refund":
        return error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
      default:
        return error(400, "INVALID_REQUEST", "退款单号 out_refund_no 已用于其他退款");
    }
  }
  await ctx.options.enqueue?.(result.notifications);
  return reply(200, wechatRefundObject(result.trade, result.refund));
}

async function queryRefund(ctx: Ctx, outRefundNo: string): Promise<Reply> {
  const stored = await ctx.store.findRefund("wechatpay", ctx.merchant.mchid, outRefundNo);
  if (!stored) return error(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
  const refund = await settleRefundIfDue(ctx.store, stored, ctx.now);
  const trade = await ctx.store.getTrade(refund.tradeId);
  if (!trade) return error(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
  return reply(200, wechatRefundObject(trade, refund));
}

/**
 * The platform certificate, encrypted under the merchant's APIv3 key (AAD "certificate").
 * Public-key-only merchants have no platform certificate; the real service then fails the call.
 */
function certificates(ctx: Ctx): Reply {
  if (ctx.merchant.signingMode === "public_key") return error(404, "NOT_FOUND", "无可用的平台证书");
  const nonce = newNonce(12);
  return reply(200, {
    data: [
      {
        serial_no: ctx.identity.wechatPlatformSerial,
        effective_time: wechatTime(ctx.identity.wechatPlatformCertNotBefore),
        expire_time: wechatTime(ctx.identity.wechatPlatformCertNotAfter),
        encrypt_certificate: {
          algorithm: "AEAD_AES_256_GCM",
          nonce,
          associated_data: "certificate",
          ciphertext: aeadAes256GcmEncrypt(ctx.identity.wechatPlatformCertPem, ctx.merchant.apiV3Key, nonce, "certificate"),
        },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Notification

export interface WechatNotification {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  notificationId: string;
}

/**
 * TRANSACTION.SUCCESS: compact JSON (exactly what JSON.stringify gives, because node-v3 re-serialises
 * a parsed body before verifying), the transaction encrypted under the APIv3 key, signed headers in
 * the merchant's key mode. `probeSignature` sends WeChat's deliberately invalid "SIGNTEST" signature.
 */
export async function buildWechatNotification(
  store: SandboxStore,
  trade: SandboxTrade,
  opts: { notificationId?: string; now?: Date; probeSignature?: boolean } = {},
): Promise<WechatNotification> {
  if (trade.provider !== "wechatpay" || !trade.notifyUrl || !trade.mchid) throw new Error(`trade ${trade.id} has no WeChat notify_url`);
  if (!isPaid(trade)) throw new Error(`trade ${trade.id} is not paid: WeChat only notifies successful payments`);
  const identity = await getSandboxIdentityOrThrow(store);
  const merchant = await store.getWechatMerchant(trade.mchid);
  if (!merchant) throw new Error(`unknown WeChat merchant ${trade.mchid}`);
  const now = opts.now ?? new Date();
  const notificationId = opts.notificationId ?? newNotificationId("wechatpay");
  const nonce = newNonce(12);
  const body = JSON.stringify({
    id: notificationId,
    create_time: wechatTime(now),
    resource_type: "encrypt-resource",
    event_type: "TRANSACTION.SUCCESS",
    summary: "支付成功",
    resource: {
      original_type: "transaction",
      algorithm: "AEAD_AES_256_GCM",
      ciphertext: aeadAes256GcmEncrypt(JSON.stringify(notificationTransaction(trade)), merchant.apiV3Key, nonce, "transaction"),
      associated_data: "transaction",
      nonce,
    },
  });
  const headers = {
    ...wechatSignatureHeaders(body, wechatSigningKey(identity, merchant.signingMode), now, { probe: opts.probeSignature }),
    "Content-Type": "application/json",
    "Request-ID": randomUUID(),
  };
  return { url: trade.notifyUrl, method: "POST", headers, body, notificationId };
}

const REFUND_EVENTS: Partial<Record<SandboxRefund["status"], { type: string; summary: string }>> = {
  SUCCESS: { type: "REFUND.SUCCESS", summary: "退款成功" },
  ABNORMAL: { type: "REFUND.ABNORMAL", summary: "退款异常" },
  CLOSED: { type: "REFUND.CLOSED", summary: "退款关闭" },
};

/**
 * REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED to the refund's notify_url: the payment
 * notification's envelope, the refund encrypted with associated_data "refund".
 */
export async function buildWechatRefundNotification(
  store: SandboxStore,
  trade: SandboxTrade,
  refund: SandboxRefund,
  opts: { notificationId?: string; now?: Date; probeSignature?: boolean } = {},
): Promise<WechatNotification> {
  const event = REFUND_EVENTS[refund.status];
  if (!refund.notifyUrl || !trade.mchid) throw new Error(`refund ${refund.id} has no notify_url`);
  if (!event) throw new Error(`refund ${refund.id} is still ${refund.status}: nothing to notify yet`);
  const identity = await getSandboxIdentityOrThrow(store);
  const merchant = await store.getWechatMerchant(trade.mchid);
  if (!merchant) throw new Error(`unknown WeChat merchant ${trade.mchid}`);
  const now = opts.now ?? new Date();
  const notificationId = opts.notificationId ?? newNotificationId("wechatpay");
  const nonce = newNonce(12);
  const resource = {
    mchid: trade.mchid,
    out_trade_no: trade.outTradeNo,
    transaction_id: trade.providerTradeNo,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.providerRefundNo,
    refund_status: refund.status,
    ...(refund.successAt ? { success_time: wechatTime(refund.successAt) } : {}),
    user_received_account: "支付用户零钱",
    amount: { total: trade.amountFen, refund: refund.amountFen, payer_total: trade.amountFen, payer_refund: refund.amountFen },
  };
  const body = JSON.stringify({
    id: notificationId,
    create_time: wechatTime(now),
    resource_type: "encrypt-resource",
    event_type: event.type,
    summary: event.summary,
    resource: {
      original_type: "refund",
      algorithm: "AEAD_AES_256_GCM",
      ciphertext: aeadAes256GcmEncrypt(JSON.stringify(resource), merchant.apiV3Key, nonce, "refund"),
      associated_data: "refund",
      nonce,
    },
  });
  const headers = {
    ...wechatSignatureHeaders(body, wechatSigningKey(identity, merchant.signingMode), now, { probe: opts.probeSignature }),
    "Content-Type": "application/json",
    "Request-ID": randomUUID(),
  };
  return { url: refund.notifyUrl, method: "POST", headers, body, notificationId };
}

/** The decrypted resource, in the field order of real captures. */
function notificationTransaction(trade: SandboxTrade): Record<string, unknown> {
  return {
    mchid: trade.mchid,
    appid: trade.appId,
    out_trade_no: trade.outTradeNo,
    transaction_id: trade.providerTradeNo,
    trade_type: trade.tradeType,
    trade_state: "SUCCESS",
    trade_state_desc: STATE_DESC.SUCCESS,
    bank_type: "OTHERS",
    attach: trade.attach ?? "",
    success_time: wechatTime(trade.paidAt ?? trade.createdAt),
    payer: { openid: trade.payerOpenid ?? "" },
    amount: { total: trade.amountFen, payer_total: trade.amountFen, currency: "CNY", payer_currency: "CNY" },
  };
}

// ---------------------------------------------------------------------------------------------
// JSAPI bridge

export interface JsapiPayRequest {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

/**
 * What WeixinJSBridge checks before showing the payment sheet; the sandbox's fake bridge calls this
 * with the trade it found for the prepay_id in `package`.
 * paySign = SHA256withRSA(merchant key, `appId\ntimeStamp\nnonceStr\npackage\n`); signType is not signed.
 */
export async function verifyJsapiPayRequest(store: SandboxStore, trade: SandboxTrade, req: JsapiPayRequest): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!trade.mchid || trade.tradeType !== "JSAPI" || req.package !== `prepay_id=${trade.prepayId}`) return { ok: false, reason: "prepay_id 不存在" };
  if (trade.appId !== req.appId) return { ok: false, reason: "appId 与下单时不一致" };
  if (req.signType !== "RSA") return { ok: false, reason: "signType 必须为 RSA" };
  const merchant = await store.getWechatMerchant(trade.mchid);
  const content = `${req.appId}\n${req.timeStamp}\n${req.nonceStr}\n${req.package}\n`;
  if (!merchant || !rsaSha256Verify(content, req.paySign, merchant.merchantPublicKeyPem)) return { ok: false, reason: "支付验证签名失败" };
  return { ok: true };
}
