import { config } from "../config";
import { listApiKeys } from "../api-keys/api-keys";
import type { Owner } from "../owner";
import { listPortalChannelAccounts } from "./channels";
import { listPortalGoods } from "./goods";
import { listPortalEndpoints } from "./webhook-endpoints";

export type GoLiveItem = {
  id: "channels" | "secretKey" | "goods" | "notify";
  done: boolean;
  /** Where in the portal to do it (in live mode). */
  href: string;
};

export type GoLiveChecklist = {
  items: GoLiveItem[];
  /** What the channels' merchant consoles must have registered; payrelay cannot see them, so they are listed, not ticked. */
  domains: { host: string; jsapiDirectory: string; oauthDomain: string; h5Domain: string };
};

/**
 * The live dashboard's "before you go live" list, each item read from the merchant's live data: a
 * real (not sandbox) channel account, an active live secret key, live goods on sale, and somewhere
 * for notifications to go (a goods notify URL or a webhook endpoint).
 */
export async function goLiveChecklist(merchantId: string): Promise<GoLiveChecklist> {
  const owner: Owner = { merchantId, livemode: true };
  const [accounts, keys, goods, endpoints] = await Promise.all([listPortalChannelAccounts(owner), listApiKeys(merchantId), listPortalGoods(owner, { activeOnly: true }), listPortalEndpoints(owner)]);
  const hasChannel = Object.values(accounts).some((a) => a !== undefined && !a.sandbox);
  const hasSecretKey = keys.some((k) => k.kind === "secret" && k.livemode && !k.revokedAt);
  const hasNotify = goods.some((g) => g.notifyUrls.orderCreated || g.notifyUrls.orderPaid) || endpoints.some((e) => !e.disabledAt);
  const base = new URL(config().PUBLIC_BASE_URL);
  return {
    items: [
      { id: "channels", done: hasChannel, href: "/channels" },
      { id: "secretKey", done: hasSecretKey, href: "/keys" },
      { id: "goods", done: goods.length > 0, href: "/goods/new" },
      { id: "notify", done: hasNotify, href: "/webhooks" },
    ],
    domains: { host: base.host, jsapiDirectory: `${base.origin}/checkout/`, oauthDomain: base.host, h5Domain: base.host },
  };
}
