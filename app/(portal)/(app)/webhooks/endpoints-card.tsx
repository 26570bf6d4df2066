import { getTranslations } from "next-intl/server";
import type { Owner } from "@/lib/owner";
import { ENDPOINT_EVENT_CHOICES, listPortalEndpoints } from "@/lib/portal/webhook-endpoints";
import { Badge, Card, Mono, Table, td, tdWrap } from "../../_components/ui";
import { EndpointForm } from "./endpoint-form";
import { EndpointRowActions, TestEventButton } from "./endpoint-row-actions";
import { createEndpointAction } from "./endpoint-actions";

/** The merchant's endpoints in this mode with their recent success rate, and the form to add one. */
export async function EndpointsCard({ owner }: { owner: Owner }) {
  const [list, t] = await Promise.all([listPortalEndpoints(owner), getTranslations("endpoints")]);
  const mode = owner.livemode ? "live" : "test";
  return (
    <Card title={t("title")} className="mb-6" description={t("description", { mode })}>
      {list.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">{t("empty", { mode })}</p>
      ) : (
        <div className="mb-6">
          <Table label={t("table")} head={[t("columns.url"), t("columns.events"), t("columns.status"), t("columns.successRate"), t("columns.actions")]}>
            {list.map((e) => (
              <tr key={e.id} data-testid="endpoint-row">
                <td className={`${tdWrap} min-w-48 max-w-64`}>
                  <Mono>{e.url}</Mono>
                  {e.description ? <div className="mt-1 text-xs text-slate-500">{e.description}</div> : null}
                </td>
                <td className={`${tdWrap} text-xs`}>{e.enabledEvents.includes("*") ? t("allEvents") : e.enabledEvents.join(", ")}</td>
                <td className={td}>
                  {e.disabled ? (
                    <Badge tone="red" testId="endpoint-status">{e.disabledReason === "failing" ? t("status.failing") : t("status.disabled")}</Badge>
                  ) : (
                    <Badge tone="green" testId="endpoint-status">{t("status.enabled")}</Badge>
                  )}
                </td>
                <td className={`${td} text-xs tabular-nums`} data-testid="endpoint-rate">
                  {e.settled > 0 ? t("rate", { pct: Math.round((100 * e.succeeded) / e.settled), settled: e.settled }) : t("noDeliveries")}
                  {e.pending > 0 ? <div className="text-slate-500">{t("pending", { count: e.pending })}</div> : null}
                </td>
                <td className={`${tdWrap} min-w-56`}>
                  <div className="flex flex-col gap-2">
                    <TestEventButton id={e.id} />
                    <EndpointRowActions id={e.id} disabled={e.disabled} />
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      <h3 className="mb-3 text-sm font-semibold">{t("addTitle")}</h3>
      <EndpointForm action={createEndpointAction} initial={{ url: "", description: "", events: [] }} choices={ENDPOINT_EVENT_CHOICES} submitLabel={t("form.create")} />
    </Card>
  );
}
