import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { outcomeSchema, simulateOutcome } from "@/lib/sandbox/cashier-actions";

type Ctx = { params: Promise<{ trade: string }> };

/** The cashier's buttons post here (a plain form: works without JavaScript). */
export async function POST(req: Request, { params }: Ctx) {
  return sandboxGuarded(async () => {
    const { trade } = await params;
    const form = await req.formData();
    const parsed = outcomeSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => v !== "")));
    const page = new URL(`/sandbox/pay/${encodeURIComponent(trade)}`, req.url);
    if (!parsed.success) return Response.redirect(`${page}?error=invalid_outcome`, 303);
    const redirectUrl = form.get("redirect_url");
    const result = await simulateOutcome(trade, parsed.data, typeof redirectUrl === "string" && /^https?:\/\//.test(redirectUrl) ? redirectUrl : null);
    if (!result.ok) return Response.redirect(`${page}?error=${result.error}`, 303);
    if (result.redirectUrl) return Response.redirect(result.redirectUrl, 303);
    return Response.redirect(`${page}?done=${parsed.data.outcome}`, 303);
  });
}
