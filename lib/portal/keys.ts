import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type KeyKind } from "../api-keys/api-keys";
import { modeOf, type Owner } from "../owner";
import { getRedirectDomains, MAX_REDIRECT_DOMAINS, redirectDomainSchema, setRedirectDomains } from "../merchants/redirect-domains";

/** The owner's keys of the current mode only: test and live keys never appear on one page. */
export async function listPortalKeys(owner: Owner): Promise<ApiKeyView[]> {
  return (await listApiKeys(owner.merchantId)).filter((k) => k.livemode === owner.livemode);
}

/** A new key in the current mode, returned in full: the only moment it is ever visible. */
export async function createPortalKey(owner: Owner, kind: KeyKind) {
  return createApiKey(owner.merchantId, modeOf(owner), kind);
}

export async function revokePortalKey(owner: Owner, keyId: string): Promise<boolean> {
  const key = (await listPortalKeys(owner)).find((k) => k.id === keyId);
  if (!key) return false;
  return revokeApiKey(owner.merchantId, keyId);
}

/** The merchant's redirect domains (both modes share them: they name the merchant's own sites). */
export async function portalRedirectDomains(owner: Owner): Promise<string[]> {
  return (await getRedirectDomains(owner.merchantId)).domains;
}

export type SaveRedirectDomainsResult = { ok: true; domains: string[] } | { ok: false; reason: "invalid"; entry: string } | { ok: false; reason: "too_many"; max: number };

/** The portal's form: one domain per line (commas and spaces separate too); the whole list is replaced. */
export async function savePortalRedirectDomains(owner: Owner, text: string): Promise<SaveRedirectDomainsResult> {
  const entries = text.split(/[\s,]+/).filter((e) => e !== "");
  if (entries.length > MAX_REDIRECT_DOMAINS) return { ok: false, reason: "too_many", max: MAX_REDIRECT_DOMAINS };
  const domains: string[] = [];
  for (const entry of entries) {
    const parsed = redirectDomainSchema.safeParse(entry);
    if (!parsed.success) return { ok: false, reason: "invalid", entry: entry.slice(0, 100) };
    domains.push(parsed.data);
  }
  return { ok: true, domains: (await setRedirectDomains(owner.merchantId, domains)).domains };
}
