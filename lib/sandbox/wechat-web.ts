import { createHmac, randomBytes } from "node:crypto";
import { config } from "../config";
import { redis } from "../redis";
import { sandboxStore } from "./runtime";
import { verifyJsapiPayRequest, type JsapiPayRequest } from "./wechatpay";
import { cashierUrl } from "./http";

/**
 * What WeChat's in-app browser provides around a JSAPI payment, emulated for test mode:
 * the snsapi_base OAuth step that yields the payer's openid, and the payment sheet that
 * WeixinJSBridge.invoke('getBrandWCPayRequest') opens (here: the sandbox cashier, after the
 * bridge parameters and paySign were checked as WeChat checks them).
 */

/** Every browser is the same sandbox payer for a given appid, so a test can predict the openid. */
export function sandboxOpenId(appid: string): string {
  return "o" + createHmac("sha256", "payrelay-sandbox-openid").update(appid).digest("base64url").slice(0, 27);
}

const CODE_TTL_SECONDS = 300;

/** /sandbox/wechat/connect/oauth2/authorize: WeChat answers with a redirect carrying a one-time code. */
export async function sandboxOauthAuthorize(params: URLSearchParams): Promise<{ redirect: string } | { error: string }> {
  const appid = params.get("appid") ?? "";
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!/^wx[0-9A-Za-z]{16}$/.test(appid)) return { error: "appid 参数错误" };
  if (params.get("scope") !== "snsapi_base" && params.get("scope") !== "snsapi_userinfo") return { error: "scope 参数错误" };
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return { error: "redirect_uri 参数错误" };
  }
  // WeChat only redirects to the domain registered for the official account; the stand-in's one
  // registered domain is payrelay's own base, so it is no open redirect for anyone's phishing.
  if (!underPublicBase(target)) return { error: "redirect_uri 域名与后台配置不一致，错误码 10003" };
  const code = randomBytes(16).toString("hex");
  await redis().set(`sandbox:oauth:${code}`, appid, "EX", CODE_TTL_SECONDS);
  target.searchParams.set("code", code);
  target.searchParams.set("state", params.get("state") ?? "");
  return { redirect: target.toString() };
}

function underPublicBase(target: URL): boolean {
  const base = new URL(config().PUBLIC_BASE_URL);
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  return target.origin === base.origin && !target.username && !target.password && target.pathname.startsWith(prefix);
}

/** /sandbox/wechat/sns/oauth2/access_token: a code is good once, for the appid it was issued to. */
export async function sandboxOauthAccessToken(params: URLSearchParams): Promise<Record<string, unknown>> {
  const code = params.get("code") ?? "";
  const appid = params.get("appid") ?? "";
  const issuedFor = code ? await redis().getdel(`sandbox:oauth:${code}`) : null;
  if (!issuedFor || issuedFor !== appid) return { errcode: 40029, errmsg: "invalid code" };
  return {
    access_token: randomBytes(24).toString("base64url"),
    expires_in: 7200,
    refresh_token: randomBytes(24).toString("base64url"),
    openid: sandboxOpenId(appid),
    scope: "snsapi_base",
  };
}

/** The stand-in bridge's sheet: checks the getBrandWCPayRequest object, then shows the cashier. */
export async function sandboxJsBridgeTarget(req: JsapiPayRequest, returnUrl: string | null): Promise<{ redirect: string } | { error: string }> {
  const prepayId = req.package.replace(/^prepay_id=/, "");
  const trade = prepayId ? await sandboxStore().findTradeByPrepayId(prepayId) : null;
  if (!trade) return { error: "prepay_id 不存在" };
  const verdict = await verifyJsapiPayRequest(sandboxStore(), trade, req);
  if (!verdict.ok) return { error: verdict.reason };
  const url = new URL(cashierUrl(config().PUBLIC_BASE_URL, trade.id));
  if (returnUrl) url.searchParams.set("redirect_url", returnUrl);
  return { redirect: url.toString() };
}
