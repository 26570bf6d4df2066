import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { outcomeSchema, simulateOutcome } from "@/lib/sandbox/cashier-actions";
import { sandboxCashierUrl } from "@/lib/sandbox/runtime";

type Ctx = { params: Promise<{ trade: string }> };

const badForm = () =>
  new Response("请求格式错误 (send the cashier's form: application/x-www-form-urlencoded)", {
    status: 400,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });

/** The cashier's buttons post here (a plain form: works without JavaScript). */
export async function POST(req: Request, { params }: Ctx) {
  return sandboxGuarded(async () => {
    const { trade } = await params;
    // formData() throws on JSON, a missing content type or a broken multipart body: the caller's mistake.
    const form = await req.formData().catch(() => null);
    if (!form) return badForm();
    const parsed = outcomeSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => v !== "")));
    if (!parsed.success) return Response.redirect(sandboxCashierUrl(trade, { error: "invalid_outcome" }), 303);
    const redirectUrl = form.get("redirect_url");
    const result = await simulateOutcome(trade, parsed.data, typeof redirectUrl === "string" && URL.canParse(redirectUrl) && /^https?:\/\//.test(redirectUrl) ? redirectUrl : null);
    // The WeChat redirect_url rides along, so a page that stays (a rejected payment) can still lead back.
    const keep: Record<string, string> = typeof redirectUrl === "string" && redirectUrl !== "" ? { redirect_url: redirectUrl } : {};
    if (!result.ok) return Response.redirect(sandboxCashierUrl(trade, { ...keep, error: result.error }), 303);
    if (result.redirectUrl) return Response.redirect(result.redirectUrl, 303);
    return Response.redirect(sandboxCashierUrl(trade, { ...keep, done: parsed.data.outcome }), 303);
  });
}
