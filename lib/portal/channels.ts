import {
  listChannelAccounts,
  listCredentialVersions,
  type CredentialVersionView,
  loadChannelAccountOrThrow,
  prepareAlipayAccount,
  prepareWechatpayAccount,
  upsertChannelAccount,
  type AccountProblem,
  type ChannelAccountView,
  type Provider,
} from "../channel-accounts/channel-accounts";
import { alipayAccountSchema, wechatpayAccountSchema } from "../channel-accounts/schemas";
import { ApiError } from "../api/errors";
import type { Owner } from "../owner";
import { msg, type Message, type MessageKey } from "../i18n/message";
import { fieldErrorsFromZod, type FieldErrors, type FieldSpec } from "./form-errors";

export type ChannelField = {
  /** The API's field name. */
  name: string;
  /** What the provider's console calls it. */
  label: MessageKey;
  /** Where to find it, or what it looks like. */
  hint?: MessageKey;
  /** Message for a value of the wrong shape (the schema's regex). */
  format?: MessageKey;
  /** An example value (not translated: it is what the console shows). */
  placeholder?: string;
  multiline?: boolean;
};

/** The live credentials form of each provider, in the order the consoles show them. */
export const CHANNEL_FIELDS: Record<Provider, ChannelField[]> = {
  alipay: [
    { name: "appId", label: "channels.fields.alipay.appId", hint: "channels.hints.alipay.appId", format: "channels.formats.alipayAppId", placeholder: "2021000000000001" },
    { name: "privateKey", label: "channels.fields.alipay.privateKey", hint: "channels.hints.alipay.privateKey", multiline: true },
    { name: "alipayPublicKey", label: "channels.fields.alipay.alipayPublicKey", hint: "channels.hints.alipay.alipayPublicKey", multiline: true },
  ],
  wechatpay: [
    { name: "appId", label: "channels.fields.wechatpay.appId", hint: "channels.hints.wechatpay.appId", format: "channels.formats.wechatAppId", placeholder: "wx1234567890abcdef" },
    { name: "mchId", label: "channels.fields.wechatpay.mchId", hint: "channels.hints.wechatpay.mchId", format: "channels.formats.mchId", placeholder: "1900000001" },
    { name: "serialNo", label: "channels.fields.wechatpay.serialNo", format: "channels.formats.serialNo", hint: "channels.hints.wechatpay.serialNo" },
    { name: "privateKey", label: "channels.fields.wechatpay.privateKey", hint: "channels.hints.wechatpay.privateKey", multiline: true },
    { name: "apiV3Key", label: "channels.fields.wechatpay.apiV3Key", format: "channels.formats.apiV3Key", hint: "channels.hints.wechatpay.apiV3Key" },
    { name: "platformPublicKey", label: "channels.fields.wechatpay.platformPublicKey", hint: "channels.hints.wechatpay.platformPublicKey", multiline: true },
    { name: "platformPublicKeyId", label: "channels.fields.wechatpay.platformPublicKeyId", hint: "channels.hints.wechatpay.platformPublicKeyId", placeholder: "PUB_KEY_ID_…" },
    {
      name: "additionalPlatformPublicKey",
      label: "channels.fields.wechatpay.additionalPlatformPublicKey",
      hint: "channels.hints.wechatpay.additionalPlatformPublicKey",
      multiline: true,
    },
    {
      name: "additionalPlatformPublicKeyId",
      label: "channels.fields.wechatpay.additionalPlatformPublicKeyId",
      hint: "channels.hints.wechatpay.additionalPlatformPublicKeyId",
      placeholder: "PUB_KEY_ID_…",
    },
    { name: "appSecret", label: "channels.fields.wechatpay.appSecret", hint: "channels.hints.wechatpay.appSecret", format: "channels.formats.appSecret" },
  ],
};

/** Fields that are write-only: never sent back to the browser; left blank on an edit, they are kept. */
export const SECRET_FIELDS: Record<Provider, string[]> = { alipay: ["privateKey"], wechatpay: ["privateKey", "apiV3Key", "appSecret"] };

/** Appended to a key that cannot be read: how to paste it. */
const PASTE_HINTS: Record<string, MessageKey> = {
  privateKey: "channels.pasteHints.privateKey",
  alipayPublicKey: "channels.pasteHints.alipayPublicKey",
  platformPublicKey: "channels.pasteHints.platformPublicKey",
  additionalPlatformPublicKey: "channels.pasteHints.platformPublicKey",
};

const fieldLabel = (provider: Provider, name: string) => CHANNEL_FIELDS[provider].find((f) => f.name === name)?.label;

/** An ApiError from the channel-account functions → a message under its field, from the error's `cause`. */
function fieldErrorFromApiError(provider: Provider, error: ApiError): FieldErrors {
  const param = error.param ?? "form";
  const label = fieldLabel(provider, param);
  const field: Message = label ? msg(label) : msg("formErrors.thisField");
  const cause = error.cause as AccountProblem | undefined;
  if (!cause?.problem) return { [param]: msg("formErrors.refused", { field, code: error.code }) };
  const problem = msg(`channels.problems.${cause.problem}`, { ...cause.values, field, provider });
  const hint = PASTE_HINTS[param];
  // A key that cannot be read gets the pasting advice; the own-public-half mix-up says what to paste instead.
  return { [param]: hint && cause.problem !== "own_public_half" ? msg("channels.problemWithHint", { problem, hint: msg(hint) }) : problem };
}

export type ChannelFormResult = { ok: true; account: ChannelAccountView } | { ok: false; fieldErrors: FieldErrors };

/**
 * Saves live credentials from the portal form. Secret fields left blank keep the stored value
 * (decrypted here, server side, and never shown), so a merchant can change an app id without
 * pasting the private key again.
 */
export async function saveChannelAccountFromForm(owner: Owner, provider: Provider, raw: Record<string, string>): Promise<ChannelFormResult> {
  const input: Record<string, string> = {};
  for (const { name: field } of CHANNEL_FIELDS[provider]) {
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
  const labels: Record<string, FieldSpec> = Object.fromEntries(
    CHANNEL_FIELDS[provider].map((f) => [f.name, { field: f.name, label: f.label, reasons: f.format ? { format: f.format } : undefined }]),
  );
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

export type PortalChannelAccount = ChannelAccountView & {
  sandbox: boolean;
  /** Every credential version, newest first: a replacement shows as a rotation, with the open orders the old keys still serve. */
  versions: CredentialVersionView[];
};

/** The owner's accounts in the current mode, secrets masked (channelAccountView never includes them). */
export async function listPortalChannelAccounts(owner: Owner): Promise<Partial<Record<Provider, PortalChannelAccount>>> {
  const rows = await listChannelAccounts(owner);
  const withVersions = await Promise.all(rows.map(async (r) => ({ ...r, sandbox: r.sandbox === "true", versions: await listCredentialVersions(r.id) })));
  return Object.fromEntries(withVersions.map((r) => [r.provider, r]));
}
