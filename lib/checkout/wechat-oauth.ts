import { config } from "../config";
import type { LoadedChannelAccount } from "../channel-accounts/channel-accounts";

/**
 * snsapi_base: inside WeChat, a JSAPI payment needs the payer's openid for the merchant's appid,
 * which WeChat hands out through a silent OAuth redirect. Test-mode accounts use the sandbox's
 * emulation of both steps; live accounts need the Official Account's AppSecret.
 */
const LIVE = { authorize: "https://open.weixin.qq.com/connect/oauth2/authorize", token: "https://api.weixin.qq.com/sns/oauth2/access_token" };

function endpoints(account: LoadedChannelAccount) {
  if (account.mode === "live") return LIVE;
  const base = `${config().PUBLIC_BASE_URL}/sandbox/wechat`;
  return { authorize: `${base}/connect/oauth2/authorize`, token: `${base}/sns/oauth2/access_token` };
}

export function canAskForOpenId(account: LoadedChannelAccount): boolean {
  return account.mode === "test" || Boolean(account.secrets.appSecret);
}

export function oauthAuthorizeUrl(account: LoadedChannelAccount, redirectUri: string, state: string): string {
  const url = new URL(endpoints(account).authorize);
  url.searchParams.set("appid", account.publicConfig.appId!);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "snsapi_base");
  url.searchParams.set("state", state);
  return `${url.toString()}#wechat_redirect`;
}

/** Exchanges the one-time code for the openid; null when WeChat refuses it. */
export async function exchangeOauthCode(account: LoadedChannelAccount, code: string): Promise<string | null> {
  const url = new URL(endpoints(account).token);
  url.searchParams.set("appid", account.publicConfig.appId!);
  url.searchParams.set("secret", account.secrets.appSecret ?? "");
  url.searchParams.set("code", code);
  url.searchParams.set("grant_type", "authorization_code");
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
    const body = (await res.json()) as { openid?: string; errcode?: number };
    return typeof body.openid === "string" && body.openid.length > 0 ? body.openid : null;
  } catch {
    return null;
  }
}
