import { getTranslations } from "next-intl/server";
import { requireMerchant } from "@/lib/auth/session";
import { pageTitle } from "@/i18n/server";
import { Card, PageHeader } from "../../_components/ui";
import { CompanyNameForm, EmailForm, PasswordForm } from "./account-forms";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("account");

export default async function AccountPage() {
  const ctx = await requireMerchant();
  const t = await getTranslations("account");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("companyTitle")}>
          <CompanyNameForm name={ctx.merchantName} />
        </Card>
        <Card title={t("emailTitle")}>
          <EmailForm email={ctx.email ?? ""} />
        </Card>
        <Card title={t("passwordTitle")}>
          <PasswordForm />
        </Card>
      </div>
    </>
  );
}
