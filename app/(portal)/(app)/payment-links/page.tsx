import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { listPortalGoods } from "@/lib/portal/goods";
import { listPortalPaymentLinks } from "@/lib/portal/payment-links";
import { pageTitle } from "@/i18n/server";
import { Badge, Card, EmptyState, Mono, PageHeader, Table, td, tdWrap } from "../../_components/ui";
import { CopyButton, SubmitButton } from "../../_components/client";
import { PaymentLinkForm } from "./link-form";
import { setPaymentLinkActiveAction } from "./actions";
import { QrDownloads } from "./qr-downloads";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("paymentLinks");

/** Create a link for a goods; each link's URL (copy), QR code (SVG / PNG download) and an on/off switch. */
export default async function PaymentLinksPage() {
  const ctx = await requireMerchant();
  const [links, goods, t] = await Promise.all([listPortalPaymentLinks(ctx.owner), listPortalGoods(ctx.owner, { activeOnly: true }), getTranslations("paymentLinks")]);
  const mode = ctx.livemode ? "live" : "test";
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { mode })} />
      <Card title={t("createTitle")} className="mb-6">
        {goods.length === 0 ? <p className="text-sm text-slate-600">{t("noGoods")}</p> : <PaymentLinkForm goods={goods.map((g) => ({ value: g.id, label: g.name }))} />}
      </Card>
      {links.length === 0 ? (
        <EmptyState title={t("empty", { mode })} />
      ) : (
        <Table label={t("table")} head={[t("columns.link"), t("columns.goods"), t("columns.status"), t("columns.qr"), t("columns.actions")]}>
          {links.map((link) => (
            <tr key={link.id} data-testid="payment-link-row">
              <td className={`${tdWrap} min-w-56 max-w-80`}>
                <a href={link.url} target="_blank" rel="noreferrer" className="break-all text-sm text-indigo-700 underline" data-testid="payment-link-url">
                  {link.url}
                </a>
                {link.successUrl ? (
                  <div className="mt-1 break-all text-xs text-slate-500">{t("successUrl", { url: link.successUrl })}</div>
                ) : null}
                <div className="mt-2">
                  <CopyButton value={link.url} label={t("copy")} />
                </div>
              </td>
              <td className={tdWrap}>
                <div className="font-medium">{link.goodsName}</div>
                <div className="text-xs text-slate-500">{t("quantity", { quantity: link.quantity, amount: link.amountLabel })}</div>
                <Mono>{link.goodsId}</Mono>
              </td>
              <td className={td}>
                <Badge tone={link.active ? "green" : "slate"} testId="payment-link-status">
                  {link.active ? t("active") : t("inactive")}
                </Badge>
              </td>
              <td className={td}>
                <div role="img" aria-label={t("qrAlt", { url: link.url })} className="h-24 w-24 [&>svg]:h-full [&>svg]:w-full" dangerouslySetInnerHTML={{ __html: link.qr.svg }} />
                <QrDownloads id={link.id} svgHref={link.qr.svgHref} />
              </td>
              <td className={td}>
                <form action={setPaymentLinkActiveAction}>
                  <input type="hidden" name="id" value={link.id} />
                  <input type="hidden" name="active" value={link.active ? "false" : "true"} />
                  <SubmitButton variant={link.active ? "danger" : "secondary"}>{link.active ? t("deactivate") : t("activate")}</SubmitButton>
                </form>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
