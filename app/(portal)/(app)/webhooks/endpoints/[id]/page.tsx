import { getTranslations } from "next-intl/server";
import { orNotFound, requireMerchant } from "@/lib/auth/session";
import { ENDPOINT_EVENT_CHOICES, getPortalEndpoint } from "@/lib/portal/webhook-endpoints";
import { pageTitle } from "@/i18n/server";
import { ButtonLink, Card, PageHeader } from "../../../../_components/ui";
import { EndpointForm } from "../../endpoint-form";
import { EndpointRowActions, TestEventButton } from "../../endpoint-row-actions";
import { updateEndpointAction } from "../../endpoint-actions";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("webhooks");

export default async function EditEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireMerchant();
  const { id } = await params;
  const endpoint = await orNotFound(getPortalEndpoint(ctx.owner, id));
  const t = await getTranslations("endpoints");
  return (
    <>
      <PageHeader title={t("editTitle")} description={endpoint.id} actions={<ButtonLink href="/webhooks">{t("back")}</ButtonLink>} />
      <Card className="mb-6">
        <EndpointForm
          action={updateEndpointAction}
          initial={{ id: endpoint.id, url: endpoint.url, description: endpoint.description ?? "", events: endpoint.enabledEvents }}
          choices={ENDPOINT_EVENT_CHOICES}
          submitLabel={t("form.save")}
        />
      </Card>
      <Card>
        <div className="flex flex-wrap items-start gap-4">
          <TestEventButton id={endpoint.id} />
          <EndpointRowActions id={endpoint.id} disabled={endpoint.disabled} />
        </div>
      </Card>
    </>
  );
}
