import {
  listChannelAccounts,
  loadChannelAccountOrThrow,
  prepareAlipayAccount,
  prepareWechatpayAccount,
  upsertChannelAccount,
  type ChannelAccountView,
  type Provider,
} from "../channel-accounts/channel-accounts";
import { alipayAccountSchema, wechatpayAccountSchema } from "../channel-accounts/schemas";
import { ApiError } from "../api/errors";
import type { Owner } from "../owner";
import { fieldErrorsFromZod, type FieldErrors } from "./form-errors";

/** Field names are the API's; labels are what the providers' consoles call them. */
export const CHANNEL_FIELD_LABELS: Record<Provider, Record<string, string>> = {
  alipay: {
    appId: "App ID (APPID)",
    privateKey: "App private key (应用私钥)",
    alipayPublicKey: "Alipay public key (支付宝公钥)",
  },
  wechatpay: {
    appId: "AppID",
    mchId: "Merchant ID (商户号 mchid)",
    serialNo: "Merchant certificate serial number",
    privateKey: "Merchant API private key (apiclient_key.pem)",
    apiV3Key: "APIv3 key",
    platformPublicKey: "WeChat Pay platform public key or certificate",
    platformPublicKeyId: "Platform public key ID",
    appSecret: "Official Account AppSecret (optional: for paying inside WeChat on the hosted checkout)",
  },
};

/** Fields that are write-only: never sent back to the browser; left blank on an edit, they are kept. */
export const SECRET_FIELDS: Record<Provider, string[]> = { alipay: ["privateKey"], wechatpay: ["privateKey", "apiV3Key", "appSecret"] };

const HINTS: Record<string, string> = {
  privateKey: "Paste the whole key, including the -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines, or the bare base64 text from the key tool.",
  alipayPublicKey: "Paste the Alipay public key shown in the Alipay console next to your app (not your own app public key).",
  platformPublicKey: "Paste the platform public key (-----BEGIN PUBLIC KEY-----) or the platform certificate from the WeChat Pay console.",
};

/** An ApiError from the channel-account functions → the same sentence, with the API name replaced by the label. */
function fieldErrorFromApiError(provider: Provider, error: ApiError): FieldErrors {
  const param = error.param ?? "form";
  const label = CHANNEL_FIELD_LABELS[provider][param];
  let message = label ? error.message.replaceAll(param, label) : error.message;
  message = message.charAt(0).toUpperCase() + message.slice(1);
  const hint = HINTS[param];
  if (hint && error.code === "invalid_key" && !message.includes("public half")) message = `${message} ${hint}`;
  return { [param]: message };
}

export type ChannelFormResult = { ok: true; account: ChannelAccountView } | { ok: false; fieldErrors: FieldErrors };

/**
 * Saves live credentials from the portal form. Secret fields left blank keep the stored value
 * (decrypted here, server side, and never shown), so a merchant can change an app id without
 * pasting the private key again.
 */
export async function saveChannelAccountFromForm(owner: Owner, provider: Provider, raw: Record<string, string>): Promise<ChannelFormResult> {
  const input: Record<string, string> = {};
  for (const field of Object.keys(CHANNEL_FIELD_LABELS[provider])) {
    const value = raw[field] ?? "";
    if (value.trim() !== "") input[field] = field === "apiV3Key" ? value.trim() : value;
  }
  const missingSecrets = SECRET_FIELDS[provider].filter((f) => input[f] === undefined);
  if (missingSecrets.length > 0) {
    const existing = await loadChannelAccountOrThrow(owner, provider).catch(() => null);
    for (const field of missingSecrets) {
      const kept = existing?.secrets[field];
      if (kept) input[field] = kept;
    }
  }
  const labels = Object.fromEntries(Object.entries(CHANNEL_FIELD_LABELS[provider]).map(([k, label]) => [k, { field: k, label }]));
  const schema = provider === "alipay" ? alipayAccountSchema : wechatpayAccountSchema;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error, labels) };
  try {
    const prepared =
      provider === "alipay"
        ? prepareAlipayAccount(parsed.data as ReturnType<typeof alipayAccountSchema.parse>)
        : prepareWechatpayAccount(parsed.data as ReturnType<typeof wechatpayAccountSchema.parse>);
    return { ok: true, account: await upsertChannelAccount(owner, provider, prepared) };
  } catch (error) {
    if (error instanceof ApiError && error.type === "invalid_request") return { ok: false, fieldErrors: fieldErrorFromApiError(provider, error) };
    throw error;
  }
}

export type PortalChannelAccount = ChannelAccountView & { sandbox: boolean };

/** The owner's accounts in the current mode, secrets masked (channelAccountView never includes them). */
export async function listPortalChannelAccounts(owner: Owner): Promise<Partial<Record<Provider, PortalChannelAccount>>> {
  const rows = await listChannelAccounts(owner);
  return Object.fromEntries(rows.map((r) => [r.provider, { ...r, sandbox: r.sandbox === "true" }]));
}
