import { requireMerchant } from "@/lib/auth/session";
import { CHANNEL_FIELD_LABELS, SECRET_FIELDS, listPortalChannelAccounts, type PortalChannelAccount } from "@/lib/portal/channels";
import { formatTime } from "@/lib/portal/time";
import { Badge, Card, Mono, PageHeader } from "../../_components/ui";
import { CopyButton } from "../../_components/client";
import { ChannelForm, type ChannelFieldSpec } from "./channel-form";
import { saveAlipayAction, saveWechatpayAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Channels" };

const MULTILINE = new Set(["privateKey", "alipayPublicKey", "platformPublicKey"]);
const HINTS: Record<string, string> = {
  appId: "",
  privateKey: "PEM (-----BEGIN PRIVATE KEY-----) or the base64 text from the key tool. Write-only.",
  alipayPublicKey: "From the Alipay console, next to your app: 支付宝公钥, not your own app public key.",
  apiV3Key: "The 32-character key set in the WeChat Pay console. Write-only.",
  serialNo: "The hex serial number of your merchant API certificate.",
  platformPublicKey: "WeChat Pay platform public key (or platform certificate).",
  platformPublicKeyId: "Like PUB_KEY_ID_0112345678901234567890; not needed with a platform certificate.",
};
const PLACEHOLDERS: Record<string, string> = { appId: "", mchId: "1900000001", platformPublicKeyId: "PUB_KEY_ID_…" };

function specs(provider: "alipay" | "wechatpay"): ChannelFieldSpec[] {
  return Object.entries(CHANNEL_FIELD_LABELS[provider]).map(([name, label]) => ({
    name,
    label,
    secret: SECRET_FIELDS[provider].includes(name),
    multiline: MULTILINE.has(name),
    hint: HINTS[name] || undefined,
    placeholder: name === "appId" ? (provider === "alipay" ? "2021000000000001" : "wx1234567890abcdef") : PLACEHOLDERS[name],
  }));
}

function initialValues(account: PortalChannelAccount | undefined, provider: "alipay" | "wechatpay"): Record<string, string> {
  if (!account) return {};
  const out: Record<string, string> = {};
  for (const name of Object.keys(CHANNEL_FIELD_LABELS[provider])) {
    const v = account[name];
    if (typeof v === "string" && !SECRET_FIELDS[provider].includes(name)) out[name] = v;
  }
  return out;
}

export default async function ChannelsPage() {
  const ctx = await requireMerchant();
  const accounts = await listPortalChannelAccounts(ctx.owner);
  return (
    <>
      <PageHeader
        title="Channels"
        description={
          ctx.livemode
            ? "Your own Alipay and WeChat Pay credentials for live payments. Secrets are encrypted at rest and never shown again: leave a secret empty to keep it, paste a new one to replace it."
            : "Test mode talks to payrelay's built-in sandbox. Its credentials were made for you at sign-up; nothing to configure. Switch to Live to enter your own Alipay and WeChat Pay credentials."
        }
      />
      {ctx.livemode ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <ProviderCard title="Alipay" account={accounts.alipay}>
            <ChannelForm idPrefix="alipay" action={saveAlipayAction} fields={specs("alipay")} initial={initialValues(accounts.alipay, "alipay")} configured={!!accounts.alipay} />
          </ProviderCard>
          <ProviderCard title="WeChat Pay" account={accounts.wechatpay}>
            <ChannelForm
              idPrefix="wechatpay"
              action={saveWechatpayAction}
              fields={specs("wechatpay")}
              initial={initialValues(accounts.wechatpay, "wechatpay")}
              configured={!!accounts.wechatpay}
            />
          </ProviderCard>
        </div>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          {(["alipay", "wechatpay"] as const).map((p) => {
            const a = accounts[p];
            return (
              <Card key={p} title={p === "alipay" ? "Alipay (sandbox)" : "WeChat Pay (sandbox)"} actions={a ? <Badge tone="green" testId={`sandbox-${p}`}>ready</Badge> : <Badge tone="amber">provisioned on first order</Badge>}>
                {a ? (
                  <dl className="space-y-2 text-sm">
                    <Row label="Channels">{p === "alipay" ? "alipay_h5" : "wechat_h5, wechat_jsapi"}</Row>
                    <Row label={p === "alipay" ? "App ID" : "mchid / appid"}>
                      <Mono>{p === "alipay" ? String(a.appId) : `${String(a.mchId)} / ${String(a.appId)}`}</Mono>
                    </Row>
                    <Row label="Private key">
                      <Mono>{String(a.privateKey)}</Mono>
                    </Row>
                    <Row label="Since">{formatTime(a.createdAt)}</Row>
                  </dl>
                ) : (
                  <p className="text-sm text-slate-600">The sandbox account is created the first time you make a test order.</p>
                )}
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}

function ProviderCard({ title, account, children }: { title: string; account?: PortalChannelAccount; children: React.ReactNode }) {
  return (
    <Card
      title={title}
      actions={account ? <Badge tone="green">configured</Badge> : <Badge tone="amber">not configured</Badge>}
      description={
        account ? (
          <span>
            Updated {formatTime(account.updatedAt)}. Secrets: ********. Callback URL:
            <span className="mt-1 flex items-center gap-2">
              <Mono>{account.callbackUrl}</Mono>
              <CopyButton value={account.callbackUrl} />
            </span>
          </span>
        ) : (
          "Live orders on this channel need these credentials."
        )
      }
    >
      {children}
    </Card>
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
