import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { sandboxOauthAuthorize } from "@/lib/sandbox/wechat-web";

export async function GET(req: Request) {
  return sandboxGuarded(async () => {
    const result = await sandboxOauthAuthorize(new URL(req.url).searchParams);
    if ("error" in result) return new Response(result.error, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    return Response.redirect(result.redirect, 302);
  });
}
