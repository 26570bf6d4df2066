import { alipayTime, fenToYuan, newAlipayTradeNo, newSandboxTradeId, parseAlipayTime, parseTimeoutExpress, yuanToFen } from "./format";
import { cashierUrl, readBodyLimited, type SandboxHandlerOptions } from "./http";
import { getSandboxIdentityOrThrow } from "./provision";
import { rsaSha256Sign, rsaSha256Verify } from "./rsa";
import type { SandboxAlipayApp, SandboxIdentity, SandboxStore, SandboxTrade } from "./store";
import { closeTrade, expireIfDue, isPaid, isVisible, newNotificationId, SandboxTradeError } from "./trades";
import { requestRefund, settleRefundIfDue, succeededRefundsFen } from "./refunds";
import type { SandboxRefund } from "./store";

/**
 * The Alipay emulator: the classic gateway (/sandbox/alipay/gateway.do), the v3 REST trade query and
 * close, the async notification and the signed sync return URL. Written from the protocol notes
 * (docs/payment-protocols.md, part A); shares nothing with lib/channels on purpose.
 */

type Params = Record<string, string>;
type Inner = Record<string, string>;

const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 15 * 86_400_000; // Alipay's default timeout_express is 15d.

// ---------------------------------------------------------------------------------------------
// Signing

/**
 * Sorted `k=v&…` over raw values, without `sign`. The gateway drops empty values (as Alipay's Java
 * `getSignContent` does); alipay-sdk signs them as `k=`, so the verifier also tries with them kept.
 */
export function alipaySignContent(params: Params, opts: { skipEmpty: boolean; exclude: readonly string[] }): string {
  return Object.keys(params)
    .filter((k) => k !== "" && !opts.exclude.includes(k) && !(opts.skipEmpty && params[k] === ""))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

function verifyRequestSign(params: Params, publicKeyPem: string): { ok: boolean; content: string } {
  const sign = params.sign ?? "";
  const content = alipaySignContent(params, { skipEmpty: true, exclude: ["sign"] });
  if (rsaSha256Verify(content, sign, publicKeyPem)) return { ok: true, content };
  const withEmpty = alipaySignContent(params, { skipEmpty: false, exclude: ["sign"] });
  return { ok: withEmpty !== content && rsaSha256Verify(withEmpty, sign, publicKeyPem), content };
}

/** Notifications and sync returns: everything but `sign` and `sign_type`, empty values never sent. */
function signNotifyParams(params: Params, identity: SandboxIdentity): Params {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ""));
  const content = alipaySignContent(clean, { skipEmpty: true, exclude: ["sign", "sign_type"] });
  return { ...clean, sign: rsaSha256Sign(content, identity.alipayPrivateKeyPem) };
}

// ---------------------------------------------------------------------------------------------
// Responses

const responseKey = (method: string): string => `${method.replaceAll(".", "_")}_response`;

/**
 * `{"<method>_response":<inner>,"sign":"…"}`: the SDK cuts the signed text out of the raw body by
 * position (getSignStr), so the response object must come first, `sign` last, and the signature
 * covers exactly the bytes of the inner object as sent.
 */
function signedResponse(method: string, inner: Inner, identity: SandboxIdentity): Response {
  const innerJson = JSON.stringify(inner);
  const sign = rsaSha256Sign(innerJson, identity.alipayPrivateKeyPem);
  return alipayJson(`{"${responseKey(method)}":${innerJson},"sign":"${sign}"}`);
}

/** Gateway-level failures (unknown app, missing method) come back without a signature. */
function unsignedResponse(key: string, inner: Inner): Response {
  return alipayJson(JSON.stringify({ [key]: inner }));
}

function alipayJson(body: string): Response {
  // The real gateway answers 200 with text/html for every outcome; the SDK parses the text.
  return new Response(body, { status: 200, headers: { "content-type": "text/html;charset=utf-8" } });
}

const GATEWAY_MSG: Record<string, string> = { "40001": "Missing Required Arguments", "40002": "Invalid Arguments", "40004": "Business Failed", "40006": "Insufficient Permissions" };

function failure(code: "40001" | "40002" | "40004" | "40006", subCode: string, subMsg: string, extra: Inner = {}): Inner {
  return { code, msg: GATEWAY_MSG[code] ?? "Business Failed", sub_code: subCode, sub_msg: subMsg, ...extra };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** Page methods are opened by the buyer's browser, so their errors are an HTML page, not JSON. */
function errorPage(inner: Inner): Response {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>支付宝 - 错误</title></head><body>
<h1>抱歉，您操作超时或访问的页面有误</h1>
<p>错误代码 <code id="sub-code">${escapeHtml(inner.sub_code ?? inner.code ?? "")}</code></p>
<p id="sub-msg">${escapeHtml(inner.sub_msg ?? inner.msg ?? "")}</p></body></html>`;
  return new Response(html, { status: 400, headers: { "content-type": "text/html;charset=utf-8" } });
}

// ---------------------------------------------------------------------------------------------
// Gateway

/** Query string and form body merged; a parameter in both must not differ (else it is ambiguous). */
async function readGatewayParams(request: Request): Promise<Params | "too_large" | "conflict"> {
  const params: Params = {};
  for (const [k, v] of new URL(request.url).searchParams) params[k] = v;
  if (request.method !== "POST") return params;
  const text = await readBodyLimited(request, MAX_BODY_BYTES);
  if (text === null) return "too_large";
  for (const [k, v] of new URLSearchParams(text)) {
    if (k in params && params[k] !== v) return "conflict";
    params[k] = v;
  }
  return params;
}

interface Authenticated {
  method: string;
  app: SandboxAlipayApp;
  params: Params;
  identity: SandboxIdentity;
}

const PAGE_METHODS = new Set(["alipay.trade.wap.pay", "alipay.trade.page.pay"]);
const SUPPORTED_METHODS = new Set([
  "alipay.trade.wap.pay",
  "alipay.trade.page.pay",
  "alipay.trade.precreate",
  "alipay.trade.query",
  "alipay.trade.close",
  "alipay.trade.refund",
  "alipay.trade.fastpay.refund.query",
]);

/** What each page product calls itself in product_code, and the sandbox's trade type for it. */
const PAGE_PRODUCTS = {
  // Current docs say QUICK_WAP_WAY; old PHP demos send QUICK_WAP_PAY, which the gateway still takes.
  "alipay.trade.wap.pay": { productCodes: ["QUICK_WAP_WAY", "QUICK_WAP_PAY"], tradeType: "WAP" },
  "alipay.trade.page.pay": { productCodes: ["FAST_INSTANT_TRADE_PAY"], tradeType: "PAGE" },
} as const;

/** Common-parameter checks in the order the gateway reports them; returns an error Response or the caller. */
async function authenticate(store: SandboxStore, params: Params): Promise<Authenticated | Response> {
  const identity = await getSandboxIdentityOrThrow(store);
  const method = params.method ?? "";
  if (!method) return unsignedResponse("error_response", failure("40001", "isv.missing-method", "缺少方法名参数"));
  if (!SUPPORTED_METHODS.has(method)) return unsignedResponse("error_response", failure("40002", "isv.invalid-method", "不存在的方法名"));
  const page = PAGE_METHODS.has(method);
  const fail = (inner: Inner, signed: boolean): Response =>
    page ? errorPage(inner) : signed ? signedResponse(method, inner, identity) : unsignedResponse(responseKey(method), inner);

  const appId = params.app_id ?? "";
  if (!appId) return fail(failure("40001", "isv.missing-app-id", "缺少AppID参数"), false);
  const app = await store.getAlipayApp(appId);
  // A live app id is unknown to the sandbox, exactly like a made-up one.
  if (!app || app.mode !== "test") return fail(failure("40002", "isv.invalid-app-id", "无效的AppID参数"), false);
  if (!params.sign) return fail(failure("40001", "isv.missing-signature", "缺少签名参数"), true);
  if ((params.sign_type ?? "RSA2") !== "RSA2") return fail(failure("40002", "isv.invalid-signature-type", "无效的签名类型"), true);
  if (!params.timestamp) return fail(failure("40001", "isv.missing-timestamp", "缺少时间戳参数"), true);
  if (!parseAlipayTime(params.timestamp)) return fail(failure("40002", "isv.invalid-timestamp", "非法的时间戳参数"), true);
  if (params.charset && params.charset.toLowerCase() !== "utf-8") return fail(failure("40002", "isv.invalid-charset", "字符集错误"), true);
  const verified = verifyRequestSign(params, app.appPublicKeyPem);
  if (!verified.ok) {
    const msg = `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${verified.content}`;
    return fail(failure("40002", "isv.invalid-signature", msg), true);
  }
  return { method, app, params, identity };
}

/** Entry point for `/sandbox/alipay/gateway.do` (GET and POST). */
export async function handleAlipayGateway(store: SandboxStore, request: Request, options: SandboxHandlerOptions): Promise<Response> {
  if (request.method !== "GET" && request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
  const params = await readGatewayParams(request);
  if (params === "too_large") return new Response("Payload Too Large", { status: 413 });
  if (params === "conflict") return unsignedResponse("error_response", failure("40002", "isv.invalid-parameter", "参数重复且取值不一致"));
  const auth = await authenticate(store, params);
  if (auth instanceof Response) return auth;
  const biz = parseBizContent(auth.params.biz_content);
  const now = options.now ?? new Date();
  if (auth.method === "alipay.trade.wap.pay" || auth.method === "alipay.trade.page.pay") {
    return biz ? pagePay(store, auth, auth.method, biz, now, options) : errorPage(failure("40002", "isv.invalid-parameter", "biz_content 不是合法的 JSON 对象"));
  }
  if (!biz) return signedResponse(auth.method, failure("40002", "isv.invalid-parameter", "biz_content 不是合法的 JSON 对象"), auth.identity);
  switch (auth.method) {
    case "alipay.trade.precreate":
      return precreate(store, auth, biz, now, options);
    case "alipay.trade.query":
      return tradeQuery(store, auth, biz, now, options);
    case "alipay.trade.refund":
      return tradeRefund(store, auth, biz, now, options);
    case "alipay.trade.fastpay.refund.query":
      return refundQuery(store, auth, biz, now);
    default:
      return tradeClose(store, auth, biz, now, options);
  }
}

type Biz = Record<string, unknown>;

function parseBizContent(raw: string | undefined): Biz | null {
  if (raw === undefined) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Biz) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** total_amount is a yuan string; a JSON number is read through its shortest decimal text, never as a float. */
function amountFen(v: unknown): number | null {
  const text = typeof v === "number" && Number.isFinite(v) ? String(v) : str(v);
  if (text === undefined) return null;
  const fen = yuanToFen(text);
  return fen !== null && fen >= 1 && fen <= 10_000_000_000 ? fen : null;
}

interface WapOrder {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  body: string | null;
  quitUrl: string | null;
  passback: string | null;
  timeExpire: Date;
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: Inner };
const invalid = (error: Inner): { ok: false; error: Inner } => ({ ok: false, error });

function validateOrder(biz: Biz, now: Date, productCodes: readonly string[] | null): Checked<WapOrder> {
  const outTradeNo = str(biz.out_trade_no);
  if (!outTradeNo || !/^[A-Za-z0-9_-]{1,64}$/.test(outTradeNo)) return invalid(failure("40002", "isv.invalid-parameter", "out_trade_no 无效：1-64 位字母、数字、下划线"));
  const fen = amountFen(biz.total_amount);
  if (fen === null) return invalid(failure("40002", "isv.invalid-parameter", "total_amount 无效：单位为元，最多两位小数，取值范围 [0.01,100000000]"));
  const subject = str(biz.subject);
  if (!subject || subject.length > 256) return invalid(failure("40002", "isv.invalid-parameter", "subject 不能为空且不超过 256 个字符"));
  const productCode = str(biz.product_code);
  // precreate (productCodes null) takes an optional FACE_TO_FACE_PAYMENT; page products require theirs.
  if (productCodes ? !productCodes.includes(productCode ?? "") : productCode !== undefined && productCode !== "FACE_TO_FACE_PAYMENT") {
    return invalid(failure("40004", "ACQ.PRODUCT_CODE_ERROR", `product_code 必须为 ${productCodes?.[0] ?? "FACE_TO_FACE_PAYMENT"}`));
  }
  const timeExpire = expiryOf(biz, now);
  if (!timeExpire) return invalid(failure("40002", "isv.invalid-parameter", "time_expire / timeout_express 格式错误"));
  const quitUrl = str(biz.quit_url);
  if (quitUrl !== undefined && quitUrl.length > 400) return invalid(failure("40002", "isv.invalid-parameter", "quit_url 不超过 400 个字符"));
  return { ok: true, value: { outTradeNo, amountFen: fen, subject, body: str(biz.body) ?? null, quitUrl: str(biz.quit_url) ?? null, passback: str(biz.passback_params) ?? null, timeExpire } };
}

function expiryOf(biz: Biz, now: Date): Date | null {
  const absolute = str(biz.time_expire);
  if (absolute !== undefined) return parseAlipayTime(absolute);
  const relative = str(biz.timeout_express);
  if (relative !== undefined) return parseTimeoutExpress(relative, now);
  return new Date(now.getTime() + DEFAULT_TIMEOUT_MS);
}

function newAlipayTrade(auth: Authenticated, order: WapOrder, tradeType: SandboxTrade["tradeType"], now: Date): SandboxTrade {
  return {
    id: newSandboxTradeId(),
    provider: "alipay",
    tradeType,
    appId: auth.app.appId,
    mchid: null,
    outTradeNo: order.outTradeNo,
    amountFen: order.amountFen,
    subject: order.subject,
    body: order.body,
    notifyUrl: auth.params.notify_url || null,
    returnUrl: auth.params.return_url || null,
    quitUrl: order.quitUrl,
    attach: order.passback,
    status: "WAIT_BUYER_PAY",
    providerTradeNo: newAlipayTradeNo(now),
    prepayId: null,
    timeExpire: order.timeExpire,
    // precreate creates the trade at Alipay right away; page products only once the buyer opens them.
    openedAt: tradeType === "QR" ? now : null,
    createdAt: now,
    paidAt: null,
    closedAt: null,
    payerOpenid: null,
    buyerId: null,
    clientIp: null,
  };
}

/**
 * An order for a trade number that exists: the same trade if nothing that matters changed, else
 * Alipay's refusal. Returns the trade, or the refusal's inner object.
 */
async function existingTrade(store: SandboxStore, stored: SandboxTrade, order: WapOrder, tradeType: SandboxTrade["tradeType"], now: Date, options: SandboxHandlerOptions): Promise<SandboxTrade | Inner> {
  const expired = await expireIfDue(store, stored, now);
  await options.enqueue?.(expired.notifications);
  const trade = expired.trade;
  // Same out_trade_no, different money, goods or product: Alipay refuses rather than guess which is right.
  if (trade.amountFen !== order.amountFen || trade.subject !== order.subject || trade.tradeType !== tradeType) return failure("40004", "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
  if (isPaid(trade)) return failure("40004", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
  if (trade.status === "TRADE_CLOSED") return failure("40004", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
  return trade;
}

/** Public parameters of Alipay's gateway: notify_url and return_url are String(256). */
function publicUrlError(auth: Authenticated): Inner | null {
  for (const name of ["notify_url", "return_url"] as const) {
    if ((auth.params[name] ?? "").length > 256) return failure("40002", "isv.invalid-parameter", `${name} 不超过 256 个字符`);
  }
  return null;
}

/** alipay.trade.wap.pay and alipay.trade.page.pay: the buyer's browser arrives here and is sent to the cashier. */
async function pagePay(store: SandboxStore, auth: Authenticated, method: keyof typeof PAGE_PRODUCTS, biz: Biz, now: Date, options: SandboxHandlerOptions): Promise<Response> {
  const product = PAGE_PRODUCTS[method];
  const checked = validateOrder(biz, now, product.productCodes);
  if (!checked.ok) return errorPage(checked.error);
  const urlError = publicUrlError(auth);
  if (urlError) return errorPage(urlError);
  // A pay URL opened after its time_expire pays nothing: Alipay shows an error page instead of the
  // cashier. (A trade the buyer opened before is closed by its own deadline in existingTrade.)
  if (checked.value.timeExpire.getTime() <= now.getTime() && !(await store.findTradeByOutTradeNo("alipay", auth.app.appId, checked.value.outTradeNo))) {
    return errorPage(failure("40004", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭"));
  }
  const { created, trade: stored } = await store.insertTrade(newAlipayTrade(auth, checked.value, product.tradeType, now));
  const trade = created ? stored : await existingTrade(store, stored, checked.value, product.tradeType, now, options);
  if (!("id" in trade)) return errorPage(trade);
  return new Response(null, { status: 302, headers: { location: cashierUrl(options.cashierBase, trade.id) } });
}

/**
 * alipay.trade.precreate (当面付 扫码): creates the trade now and answers, signed, with the qr_code.
 * Real codes are https://qr.alipay.com/…; the sandbox's is its cashier for the trade, so a tester
 * can scan it with any phone camera or open it in another tab.
 */
async function precreate(store: SandboxStore, auth: Authenticated, biz: Biz, now: Date, options: SandboxHandlerOptions): Promise<Response> {
  const checked = validateOrder(biz, now, null);
  if (!checked.ok) return signedResponse(auth.method, checked.error, auth.identity);
  const urlError = publicUrlError(auth);
  if (urlError) return signedResponse(auth.method, urlError, auth.identity);
  const { created, trade: stored } = await store.insertTrade(newAlipayTrade(auth, checked.value, "QR", now));
  const trade = created ? stored : await existingTrade(store, stored, checked.value, "QR", now, options);
  if (!("id" in trade)) return signedResponse(auth.method, trade, auth.identity);
  return signedResponse(auth.method, { code: "10000", msg: "Success", out_trade_no: trade.outTradeNo, qr_code: cashierUrl(options.cashierBase, trade.id) }, auth.identity);
}

/** trade_no wins over out_trade_no when both are given, as on the real gateway. */
async function findQueriedTrade(store: SandboxStore, appId: string, biz: Biz): Promise<SandboxTrade | null | "missing"> {
  const tradeNo = str(biz.trade_no);
  const outTradeNo = str(biz.out_trade_no);
  if (tradeNo) return store.findTradeByProviderTradeNo("alipay", appId, tradeNo);
  if (outTradeNo) return store.findTradeByOutTradeNo("alipay", appId, outTradeNo);
  return "missing";
}

const ZERO_AMOUNTS: Inner = { buyer_pay_amount: "0.00", invoice_amount: "0.00", point_amount: "0.00", receipt_amount: "0.00" };

function notExist(biz: Biz): Inner {
  const ids: Inner = {};
  const outTradeNo = str(biz.out_trade_no);
  const tradeNo = str(biz.trade_no);
  if (outTradeNo) ids.out_trade_no = outTradeNo;
  if (tradeNo) ids.trade_no = tradeNo;
  return { ...failure("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在"), ...ZERO_AMOUNTS, ...ids };
}

function maskedLogonId(buyerId: string): string {
  return `${buyerId.slice(-3)}***@sandbox.example`;
}

/** The business fields of a trade as query reports them (shared by the classic and v3 answers). */
export function alipayTradeFields(trade: SandboxTrade): Inner {
  const total = fenToYuan(trade.amountFen);
  const paid = isPaid(trade);
  const fields: Inner = {
    trade_no: trade.providerTradeNo,
    out_trade_no: trade.outTradeNo,
    trade_status: trade.status,
    total_amount: total,
    ...(paid ? { buyer_pay_amount: total, invoice_amount: total, point_amount: "0.00", receipt_amount: total } : ZERO_AMOUNTS),
  };
  if (paid && trade.buyerId) {
    fields.buyer_logon_id = maskedLogonId(trade.buyerId);
    fields.buyer_user_id = trade.buyerId;
  }
  if (paid && trade.paidAt) fields.send_pay_date = alipayTime(trade.paidAt);
  return fields;
}

async function tradeQuery(store: SandboxStore, auth: Authenticated, biz: Biz, now: Date, options: SandboxHandlerOptions): Promise<Response> {
  const found = await findQueriedTrade(store, auth.app.appId, biz);
  if (found === "missing") return signedResponse(auth.method, failure("40004", "ACQ.INVALID_PARAMETER", "参数无效：out_trade_no 与 trade_no 不能同时为空"), auth.identity);
  if (!found || !isVisible(found)) return signedResponse(auth.method, notExist(biz), auth.identity);
  const { trade, notifications } = await expireIfDue(store, found, now);
  await options.enqueue?.(notifications);
  return signedResponse(auth.method, { code: "10000", msg: "Success", ...alipayTradeFields(trade) }, auth.identity);
}

async function tradeClose(store: SandboxStore, auth: Authenticated, biz: Biz, now: Date, options: SandboxHandlerOptions): Promise<Response> {
  const found = await findQueriedTrade(store, auth.app.appId, biz);
  if (found === "missing") return signedResponse(auth.method, failure("40004", "ACQ.INVALID_PARAMETER", "参数无效：out_trade_no 与 trade_no 不能同时为空"), auth.identity);
  // A trade the buyer never opened does not exist yet, so it cannot be closed: the pay URL stays usable.
  if (!found || !isVisible(found)) return signedResponse(auth.method, notExist(biz), auth.identity);
  try {
    const { trade, notifications } = await closeTrade(store, found, now);
    await options.enqueue?.(notifications);
    return signedResponse(auth.method, { code: "10000", msg: "Success", trade_no: trade.providerTradeNo, out_trade_no: trade.outTradeNo }, auth.identity);
  } catch (err) {
    if (err instanceof SandboxTradeError && err.code === "trade_paid") {
      return signedResponse(auth.method, failure("40004", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"), auth.identity);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Refunds (docs/payment-protocols.md E.1)

const REFUND_ERRORS = {
  not_paid: failure("40004", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"),
  over_refund: failure("40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"),
  mismatch: failure("40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款请求号对应的退款金额与之前不一致"),
  refused: failure("40004", "ACQ.SELLER_BALANCE_NOT_ENOUGH", "卖家余额不足"),
} as const;

/** The trade a refund call names (trade_no or out_trade_no), if the buyer ever opened it. */
async function refundableTrade(store: SandboxStore, auth: Authenticated, biz: Biz): Promise<SandboxTrade | Inner> {
  const found = await findQueriedTrade(store, auth.app.appId, biz);
  if (found === "missing") return failure("40004", "ACQ.INVALID_PARAMETER", "参数无效：out_trade_no 与 trade_no 不能同时为空");
  if (!found || !isVisible(found)) return notExist(biz);
  return found;
}

/**
 * alipay.trade.refund: out_request_no (default: the out_trade_no) names the refund; a repeat
 * answers the same refund with fund_change "N" (no money moved this time). fund_change "Y" only
 * when this call refunded and the refund succeeded at once.
 */
async function tradeRefund(store: SandboxStore, auth: Authenticated, biz: Biz, now: Date, options: SandboxHandlerOptions): Promise<Response> {
  const found = await refundableTrade(store, auth, biz);
  if (!("id" in found)) return signedResponse(auth.method, found as Inner, auth.identity);
  const { trade, notifications: expiry } = await expireIfDue(store, found as SandboxTrade, now);
  await options.enqueue?.(expiry);
  const fen = amountFen(biz.refund_amount);
  if (fen === null) return signedResponse(auth.method, failure("40002", "isv.invalid-parameter", "refund_amount 无效：单位为元，最多两位小数"), auth.identity);
  const outRequestNo = str(biz.out_request_no) ?? trade.outTradeNo;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(outRequestNo)) return signedResponse(auth.method, failure("40002", "isv.invalid-parameter", "out_request_no 无效"), auth.identity);
  const result = await requestRefund(store, trade, { outRefundNo: outRequestNo, amountFen: fen, reason: str(biz.refund_reason) ?? null, notifyUrl: null }, now);
  if (!result.ok) return signedResponse(auth.method, REFUND_ERRORS[result.error], auth.identity);
  await options.enqueue?.(result.notifications);
  const moved = result.created && result.refund.status === "SUCCESS";
  const inner: Inner = {
    code: "10000",
    msg: "Success",
    trade_no: trade.providerTradeNo,
    out_trade_no: trade.outTradeNo,
    buyer_logon_id: trade.buyerId ? maskedLogonId(trade.buyerId) : "",
    fund_change: moved ? "Y" : "N",
    refund_fee: fenToYuan(await succeededRefundsFen(store, trade.id, now)),
    ...(result.refund.successAt ? { gmt_refund_pay: alipayTime(result.refund.successAt) } : {}),
    ...(trade.buyerId ? { buyer_user_id: trade.buyerId } : {}),
  };
  return signedResponse(auth.method, inner, auth.identity);
}

/**
 * alipay.trade.fastpay.refund.query: refund_status = REFUND_SUCCESS for a successful refund; a refund
 * that does not exist or has not succeeded yet answers 10000 without refund_status.
 */
async function refundQuery(store: SandboxStore, auth: Authenticated, biz: Biz, now: Date): Promise<Response> {
  const found = await refundableTrade(store, auth, biz);
  if (!("id" in found)) return signedResponse(auth.method, found as Inner, auth.identity);
  const trade = found as SandboxTrade;
  const outRequestNo = str(biz.out_request_no) ?? trade.outTradeNo;
  const stored = await store.findRefund("alipay", trade.appId, outRequestNo);
  const refund: SandboxRefund | null = stored && stored.tradeId === trade.id ? await settleRefundIfDue(store, stored, now) : null;
  const inner: Inner = { code: "10000", msg: "Success", trade_no: trade.providerTradeNo, out_trade_no: trade.outTradeNo, out_request_no: outRequestNo };
  if (refund?.status === "SUCCESS") {
    Object.assign(inner, {
      total_amount: fenToYuan(trade.amountFen),
      refund_amount: fenToYuan(refund.amountFen),
      refund_status: "REFUND_SUCCESS",
      ...(refund.successAt ? { gmt_refund_pay: alipayTime(refund.successAt) } : {}),
    });
  }
  return signedResponse(auth.method, inner, auth.identity);
}

// ---------------------------------------------------------------------------------------------
// Notifications and the sync return

export interface AlipayNotification {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  /** The same fields, decoded: what the merchant's form parser will see. */
  params: Params;
  notificationId: string;
}

/**
 * The async notify (trade_status_sync) as a form-encoded POST. Signed over every non-empty field
 * except sign and sign_type; empty fields are never sent because alipay-sdk's checkNotifySign keeps
 * them as `k=` and would then fail.
 */
export async function buildAlipayNotification(
  store: SandboxStore,
  trade: SandboxTrade,
  opts: { notificationId?: string; now?: Date } = {},
): Promise<AlipayNotification> {
  if (trade.provider !== "alipay" || !trade.notifyUrl) throw new Error(`trade ${trade.id} has no Alipay notify_url`);
  const identity = await getSandboxIdentityOrThrow(store);
  const app = await store.getAlipayApp(trade.appId);
  const now = opts.now ?? new Date();
  const notificationId = opts.notificationId ?? newNotificationId("alipay");
  const fields: Params = {
    gmt_create: alipayTime(trade.createdAt),
    charset: "utf-8",
    seller_id: app?.sellerId ?? "",
    subject: trade.subject,
    body: trade.body ?? "",
    notify_id: notificationId,
    notify_type: "trade_status_sync",
    notify_time: alipayTime(now),
    app_id: trade.appId,
    auth_app_id: trade.appId,
    version: "1.0",
    sign_type: "RSA2",
    passback_params: trade.attach ?? "",
    ...alipayTradeFields(trade),
  };
  if (isPaid(trade)) {
    fields.gmt_payment = trade.paidAt ? alipayTime(trade.paidAt) : "";
    fields.buyer_id = trade.buyerId ?? "";
    fields.fund_bill_list = JSON.stringify([{ amount: fenToYuan(trade.amountFen), fundChannel: "ALIPAYACCOUNT" }]);
    delete fields.buyer_user_id; // notifications call it buyer_id
  }
  if (trade.closedAt) fields.gmt_close = alipayTime(trade.closedAt);
  const params = signNotifyParams(fields, identity);
  return {
    url: trade.notifyUrl,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: new URLSearchParams(params).toString(),
    params,
    notificationId,
  };
}

/**
 * The notification a wap-pay refund triggers, to the payment's notify_url: trade_status
 * TRADE_SUCCESS after a partial refund, TRADE_CLOSED (with gmt_close) once fully refunded; both with
 * refund_fee (the total refunded), gmt_refund and out_biz_no (the refund's out_request_no).
 */
export async function buildAlipayRefundNotification(
  store: SandboxStore,
  trade: SandboxTrade,
  refund: SandboxRefund,
  opts: { notificationId?: string; now?: Date } = {},
): Promise<AlipayNotification> {
  if (trade.provider !== "alipay" || !trade.notifyUrl) throw new Error(`trade ${trade.id} has no Alipay notify_url`);
  if (refund.status !== "SUCCESS") throw new Error(`refund ${refund.id} has not succeeded: Alipay announces only successful refunds`);
  const identity = await getSandboxIdentityOrThrow(store);
  const app = await store.getAlipayApp(trade.appId);
  const now = opts.now ?? new Date();
  const refundedFen = await succeededRefundsFen(store, trade.id, now);
  const full = refundedFen >= trade.amountFen;
  const total = fenToYuan(trade.amountFen);
  const fields: Params = {
    gmt_create: alipayTime(trade.createdAt),
    charset: "utf-8",
    seller_id: app?.sellerId ?? "",
    subject: trade.subject,
    body: trade.body ?? "",
    notify_id: opts.notificationId ?? newNotificationId("alipay"),
    notify_type: "trade_status_sync",
    notify_time: alipayTime(now),
    app_id: trade.appId,
    auth_app_id: trade.appId,
    version: "1.0",
    sign_type: "RSA2",
    passback_params: trade.attach ?? "",
    trade_no: trade.providerTradeNo,
    out_trade_no: trade.outTradeNo,
    out_biz_no: refund.outRefundNo,
    trade_status: full ? "TRADE_CLOSED" : "TRADE_SUCCESS",
    total_amount: total,
    receipt_amount: total,
    buyer_pay_amount: total,
    invoice_amount: total,
    point_amount: "0.00",
    refund_fee: fenToYuan(refundedFen),
    gmt_refund: `${alipayTime(refund.successAt ?? now)}.000`,
    gmt_payment: trade.paidAt ? alipayTime(trade.paidAt) : "",
    buyer_id: trade.buyerId ?? "",
  };
  if (full) fields.gmt_close = alipayTime(trade.closedAt ?? refund.successAt ?? now);
  const params = signNotifyParams(fields, identity);
  return {
    url: trade.notifyUrl,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: new URLSearchParams(params).toString(),
    params,
    notificationId: params.notify_id ?? "",
  };
}

/** The signed sync return (return_url?…&method=alipay.trade.wap.pay.return, …page.pay.return), or null without return_url. */
export async function buildAlipayReturnUrl(store: SandboxStore, trade: SandboxTrade, now: Date = new Date()): Promise<string | null> {
  if (trade.provider !== "alipay" || !trade.returnUrl) return null;
  const identity = await getSandboxIdentityOrThrow(store);
  const app = await store.getAlipayApp(trade.appId);
  const params = signNotifyParams(
    {
      charset: "utf-8",
      out_trade_no: trade.outTradeNo,
      method: trade.tradeType === "PAGE" ? "alipay.trade.page.pay.return" : "alipay.trade.wap.pay.return",
      total_amount: fenToYuan(trade.amountFen),
      trade_no: trade.providerTradeNo,
      auth_app_id: trade.appId,
      version: "1.0",
      app_id: trade.appId,
      sign_type: "RSA2",
      seller_id: app?.sellerId ?? "",
      timestamp: alipayTime(now),
    },
    identity,
  );
  const url = new URL(trade.returnUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
