import { isChannelId } from "@/lib/channels";
import { clientAddress } from "@/lib/api/client-address";
import { startCheckoutPayment } from "@/lib/checkout/start-payment";
import { checkoutRedirect } from "@/lib/checkout/redirects";
import { checkoutPath } from "@/lib/checkout/urls";

type Ctx = { params: Promise<{ cs: string }> };

/** The channel buttons post here; the answer is always a redirect (the page works without JavaScript). */
export async function POST(req: Request, { params }: Ctx) {
  const { cs } = await params;
  const form = await req.formData().catch(() => null);
  const channel = String(form?.get("channel") ?? "");
  if (!isChannelId(channel)) return checkoutRedirect(cs, { kind: "error", message: "unknown channel" });
  const result = await startCheckoutPayment(cs, channel, { ip: clientAddress(req.headers), oauthRedirect: new URL(checkoutPath(cs, "oauth"), req.url).toString() });
  return checkoutRedirect(cs, result);
}
