import { apiRoute, routes } from "@/lib/api/route";
import { listChannelAccounts } from "@/lib/channel-accounts/channel-accounts";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner }) => ({
    status: 200,
    body: { object: "list", data: await listChannelAccounts(owner), hasMore: false },
  })),
});
