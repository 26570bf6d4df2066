import { apiRoute, routes } from "@/lib/api/route";
import { putChannelAccount } from "@/lib/channel-accounts/put-channel-account";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  PUT: apiRoute({ auth: "secret" }, async ({ owner, params, json }) => ({
    status: 200,
    body: await putChannelAccount(owner, params.provider!, json),
  })),
});
