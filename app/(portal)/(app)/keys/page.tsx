import { requireMerchant } from "@/lib/auth/session";
import { listPortalKeys } from "@/lib/portal/keys";
import { formatTime } from "@/lib/portal/time";
import { Badge, Card, EmptyState, Mono, PageHeader, Table, td } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import { CreateKeyForm } from "./create-key-form";
import { revokeKeyAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys" };

export default async function KeysPage() {
  const ctx = await requireMerchant();
  const keys = await listPortalKeys(ctx.owner);
  const mode = ctx.livemode ? "live" : "test";
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Your ${mode} keys. Secret keys (sk_${mode}_…) belong on your server; publishable keys (pk_${mode}_…) may be used in browser code to create orders. Keys are stored as hashes: a key is visible only when it is created.`}
      />
      <Card title={`Create a ${mode} key`} className="mb-6">
        <CreateKeyForm livemode={ctx.livemode} />
      </Card>
      {keys.length === 0 ? (
        <EmptyState title={`No ${mode} keys`}>Create one above.</EmptyState>
      ) : (
        <Table label="API keys" head={["Key", "Kind", "Created", "Last used", "Status", ""]}>
          {keys.map((k) => (
            <tr key={k.id} data-testid="key-row">
              <td className={td}>
                <Mono>{k.prefix}…</Mono>
                <div className="font-mono text-xs text-slate-400">{k.id}</div>
              </td>
              <td className={td}>{k.kind}</td>
              <td className={td}>{formatTime(k.createdAt)}</td>
              <td className={td}>{k.lastUsedAt ? formatTime(k.lastUsedAt) : "never"}</td>
              <td className={td}>{k.revokedAt ? <Badge tone="red">revoked {formatTime(k.revokedAt)}</Badge> : <Badge tone="green">active</Badge>}</td>
              <td className={td}>
                {k.revokedAt ? null : (
                  <form action={revokeKeyAction}>
                    <input type="hidden" name="id" value={k.id} />
                    <SubmitButton variant="danger" pendingLabel="Revoking…">
                      <span>
                        Revoke<span className="sr-only"> {k.prefix}</span>
                      </span>
                    </SubmitButton>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
