import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { sandboxOauthAccessToken } from "@/lib/sandbox/wechat-web";

export async function GET(req: Request) {
  return sandboxGuarded(async () => Response.json(await sandboxOauthAccessToken(new URL(req.url).searchParams)));
}
