import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { CHANNEL_IDS, providerOf } from "@/lib/channels";
import { CHANNEL_FIELDS, SECRET_FIELDS, listPortalChannelAccounts, type PortalChannelAccount } from "@/lib/portal/channels";
import { getPortalFormat, pageTitle } from "@/i18n/server";
import { usePortalFormat } from "@/i18n/hooks";
import { Badge, Card, Mono, PageHeader } from "../../_components/ui";
import { CopyButton } from "../../_components/client";
import { ChannelName } from "../../_components/labels";
import { ChannelForm, type ChannelFieldSpec } from "./channel-form";
import { VerifyCredentials } from "./verify-button";
import { saveAlipayAction, saveWechatpayAction } from "./actions";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("channels");

type Provider = "alipay" | "wechatpay";
/** Every channel of a provider, from the registry: one channel account serves them all. */
const SANDBOX_CHANNELS: Record<Provider, string[]> = {
  alipay: CHANNEL_IDS.filter((id) => providerOf(id) === "alipay"),
  wechatpay: CHANNEL_IDS.filter((id) => providerOf(id) === "wechatpay"),
};

/** The form's fields with their words in the reader's language (the form itself is a Client Component). */
async function specs(provider: Provider): Promise<ChannelFieldSpec[]> {
  const t = await getTranslations();
  return CHANNEL_FIELDS[provider].map((f) => ({
    name: f.name,
    label: t(f.label),
    secret: SECRET_FIELDS[provider].includes(f.name),
    multiline: !!f.multiline,
    hint: f.hint ? t(f.hint) : undefined,
    placeholder: f.placeholder,
  }));
}

function initialValues(account: PortalChannelAccount | undefined, provider: Provider): Record<string, string> {
  if (!account) return {};
  const out: Record<string, string> = {};
  for (const { name } of CHANNEL_FIELDS[provider]) {
    const v = account[name];
    if (typeof v === "string" && !SECRET_FIELDS[provider].includes(name)) out[name] = v;
  }
  return out;
}

export default async function ChannelsPage() {
  const ctx = await requireMerchant();
  const accounts = await listPortalChannelAccounts(ctx.owner);
  const [t, tl, f] = await Promise.all([getTranslations("channels"), getTranslations("labels"), getPortalFormat()]);
  return (
    <>
      <PageHeader title={t("title")} description={ctx.livemode ? t("descriptionLive") : t("descriptionTest")} />
      {ctx.livemode ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <ProviderCard title={tl("provider.alipay")} account={accounts.alipay}>
            <ChannelForm idPrefix="alipay" action={saveAlipayAction} fields={await specs("alipay")} initial={initialValues(accounts.alipay, "alipay")} configured={!!accounts.alipay} />
            {accounts.alipay ? <VerifyCredentials provider="alipay" /> : null}
          </ProviderCard>
          <ProviderCard title={tl("provider.wechatpay")} account={accounts.wechatpay}>
            <ChannelForm
              idPrefix="wechatpay"
              action={saveWechatpayAction}
              fields={await specs("wechatpay")}
              initial={initialValues(accounts.wechatpay, "wechatpay")}
              configured={!!accounts.wechatpay}
            />
            {accounts.wechatpay ? <VerifyCredentials provider="wechatpay" /> : null}
          </ProviderCard>
        </div>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          {(["alipay", "wechatpay"] as const).map((p) => {
            const a = accounts[p];
            return (
              <Card
                key={p}
                title={t("sandboxTitle", { provider: p })}
                actions={
                  a ? (
                    <Badge tone="green" testId={`sandbox-${p}`}>
                      {t("ready")}
                    </Badge>
                  ) : (
                    <Badge tone="amber">{t("provisionedLater")}</Badge>
                  )
                }
              >
                {a ? (
                  <dl className="space-y-2 text-sm">
                    <Row label={t("rowChannels")}>
                      {SANDBOX_CHANNELS[p].map((c, i) => (
                        <span key={c}>
                          {i > 0 ? " · " : null}
                          <ChannelName channel={c} />
                        </span>
                      ))}
                    </Row>
                    <Row label={t("rowAppId", { provider: p })}>
                      <Mono>{p === "alipay" ? String(a.appId) : `${String(a.mchId)} / ${String(a.appId)}`}</Mono>
                    </Row>
                    <Row label={t("rowPrivateKey")}>
                      <Mono>{String(a.privateKey)}</Mono>
                    </Row>
                    <Row label={t("rowSince")}>{f.dateTime(a.createdAt)}</Row>
                  </dl>
                ) : (
                  <p className="text-sm text-slate-600">{t("sandboxLater")}</p>
                )}
                {a ? <VerifyCredentials provider={p} /> : null}
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}

function ProviderCard({ title, account, children }: { title: string; account?: PortalChannelAccount; children: React.ReactNode }) {
  const t = useTranslations("channels");
  const f = usePortalFormat();
  return (
    <Card
      title={title}
      actions={account ? <Badge tone="green">{t("configured")}</Badge> : <Badge tone="amber">{t("notConfigured")}</Badge>}
      description={
        account ? (
          <span>
            {t("updated", { at: f.dateTime(account.updatedAt) })}
            <span className="mt-1 flex items-center gap-2">
              <Mono>{account.callbackUrl}</Mono>
              <CopyButton value={account.callbackUrl} />
            </span>
          </span>
        ) : (
          t("needed")
        )
      }
    >
      {children}
      {account ? <CredentialVersions versions={account.versions} /> : null}
    </Card>
  );
}

/** A replacement shows as a rotation: every version, which is current, and the open orders each still serves. */
function CredentialVersions({ versions }: { versions: PortalChannelAccount["versions"] }) {
  const t = useTranslations("channels.versions");
  const f = usePortalFormat();
  if (versions.length === 0) return null;
  return (
    <div className="mt-5 border-t border-slate-100 pt-4" data-testid="credential-versions">
      <h3 className="text-sm font-semibold text-slate-800">{t("title")}</h3>
      <p className="mt-1 text-xs text-slate-500">{t("note")}</p>
      <ul className="mt-3 space-y-2 text-sm">
        {versions.map((v) => (
          <li key={v.version} data-testid="credential-version" className="flex flex-wrap items-center justify-between gap-2">
            <span>
              <span className="font-medium">{t("version", { version: v.version })}</span>
              <span className="text-slate-500"> · {t("created", { at: f.dateTime(v.createdAt) })}</span>
            </span>
            <span className="flex items-center gap-2">
              <span className="text-slate-600">{t("openOrders", { count: v.openOrders })}</span>
              {v.current ? (
                <Badge tone="green">{t("current")}</Badge>
              ) : v.openOrders > 0 ? (
                <Badge tone="amber">{t("inUse")}</Badge>
              ) : (
                <Badge tone="slate">{t("settled")}</Badge>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}
