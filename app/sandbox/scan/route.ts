import { sandboxGuarded } from "@/lib/sandbox/http-entry";
import { sandboxCashierUrl } from "@/lib/sandbox/runtime";
import { tradeIdForScannedCode } from "@/lib/sandbox/cashier-actions";

const html = (body: string, status = 200) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sandbox scanner</title></head><body style="font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">
<p style="display:inline-block;background:#fef3c7;color:#92400e;padding:2px 8px;border-radius:4px;font-size:12px">TEST MODE · payrelay sandbox · no real money</p>
<h1 style="font-size:1.2rem">Scan a sandbox QR code</h1>${body}
<form method="get" action="/sandbox/scan"><label for="code">The QR code's text (weixin://wxpay/bizpayurl?pr=… or a sandbox cashier URL)</label><br>
<input id="code" name="code" style="width:100%;margin:.5rem 0;padding:.4rem" autocomplete="off"><button type="submit">Scan</button></form></body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );

/**
 * /sandbox/scan?code=…: what scanning a test-mode QR code with the WeChat or Alipay app does — it
 * opens the sandbox cashier of that trade. Without a code, a form to paste one.
 */
export async function GET(req: Request) {
  return sandboxGuarded(async () => {
    const code = new URL(req.url).searchParams.get("code");
    if (code === null || code === "") return html("");
    const tradeId = await tradeIdForScannedCode(code.slice(0, 512));
    if (!tradeId) return html(`<p role="alert" style="color:#b91c1c">Not a sandbox payment code.</p>`, 404);
    return Response.redirect(sandboxCashierUrl(tradeId), 303);
  });
}
