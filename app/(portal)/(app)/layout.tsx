import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireMerchant } from "@/lib/auth/session";
import { failingEndpointsNotice } from "@/lib/portal/webhooks";
import { PortalNav } from "./nav";

export const dynamic = "force-dynamic";

/** The signed-in shell. Pages check the session themselves too: a layout does not re-run on every navigation. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireMerchant();
  const [t, failing] = await Promise.all([getTranslations("common"), failingEndpointsNotice(ctx.owner)]);
  return (
    <div className="min-h-screen">
      {ctx.livemode ? null : (
        <div className="bg-amber-400 px-4 py-1 text-center text-xs font-semibold text-amber-950" data-testid="test-mode-banner">
          {t("testModeBanner")}
        </div>
      )}
      {failing.length > 0 ? (
        <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-center text-sm text-red-800" data-testid="failing-endpoints-notice">
          {t("failingEndpointsNotice", { count: failing.length, urls: failing.map((e) => e.url).join(", ") })}{" "}
          <Link href="/webhooks" className="font-medium underline">
            {t("failingEndpointsLink")}
          </Link>
        </div>
      ) : null}
      <PortalNav merchantName={ctx.merchantName} email={ctx.email} livemode={ctx.livemode} />
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
