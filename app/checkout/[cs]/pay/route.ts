import { isChannelId } from "@/lib/channels";
import { clientAddress } from "@/lib/api/client-address";
import { startCheckoutPayment } from "@/lib/checkout/start-payment";
import { checkoutRedirect } from "@/lib/checkout/redirects";
import { checkoutUrl } from "@/lib/checkout/urls";

type Ctx = { params: Promise<{ cs: string }> };

/** The channel buttons post here; the answer is always a redirect (the page works without JavaScript). */
export async function POST(req: Request, { params }: Ctx) {
  const { cs } = await params;
  const form = await req.formData().catch(() => null);
  const channel = String(form?.get("channel") ?? "");
  if (!isChannelId(channel)) return checkoutRedirect(cs, { kind: "error", message: "unknown channel" });
  const result = await startCheckoutPayment(cs, channel, {
    ip: clientAddress(req.headers),
    // On PUBLIC_BASE_URL, the domain registered with WeChat for OAuth: the request's own URL
    // names whatever host the serving layer forwarded to, which WeChat (and the sandbox) refuse.
    oauthRedirect: checkoutUrl(cs, "oauth"),
  });
  return checkoutRedirect(cs, result);
}
