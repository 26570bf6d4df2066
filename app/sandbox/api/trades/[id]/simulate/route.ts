import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { outcomeSchema, simulateOutcome } from "@/lib/sandbox/cashier-actions";

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST /sandbox/api/trades/{id}/simulate { outcome, delaySeconds? }: what the cashier's buttons do,
 * for tests. `{ outcome: "refund", refund: "succeed" | "fail" | "processing" | "notify_twice",
 * delaySeconds? }` scripts what the trade's refunds do from then on. Knowing the trade id is the capability, exactly as with the cashier page itself.
 */
export async function POST(req: Request, { params }: Ctx) {
  return sandboxGuarded(async () => {
    const { id } = await params;
    let json: unknown;
    try {
      json = await req.json();
    } catch {
      return Response.json({ error: { type: "invalid_request", code: "invalid_json", message: "Send a JSON body." } }, { status: 400 });
    }
    const parsed = outcomeSchema.safeParse(json);
    if (!parsed.success) {
      return Response.json(
        {
          error: {
            type: "invalid_request",
            code: "parameter_invalid",
            message: "outcome must be one of pay, cancel, pay_no_notify, notify_twice, notify_delayed, reject, refund (with refund: succeed, fail, processing or notify_twice)",
            param: "outcome",
          },
        },
        { status: 400 },
      );
    }
    const result = await simulateOutcome(id, parsed.data);
    if (result.ok) return Response.json(result);
    const status = result.error === "trade_not_found" ? 404 : 409;
    return Response.json({ error: { type: status === 404 ? "not_found" : "conflict", code: result.error, message: `Trade ${id}: ${result.error}` } }, { status });
  });
}
