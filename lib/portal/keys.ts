import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type KeyKind } from "../api-keys/api-keys";
import { modeOf, type Owner } from "../owner";

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
