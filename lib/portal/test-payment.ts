import { config } from "../config";
import { createCheckoutSession, type CheckoutSessionView } from "../checkout/sessions";
import { listApiKeys } from "../api-keys/api-keys";

export const TEST_BUYER_ID = "portal-test-buyer";

/**
 * "Try a test payment": a test-mode checkout session for one of the merchant's goods, through the
 * same createCheckoutSession the API uses, so the merchant sees the hosted checkout their buyers see
 * (channel buttons on a phone, QR codes on a desktop) and pays it in the sandbox. Always test mode,
 * whatever the switch says: this button must never take a live payment. After paying, the checkout
 * sends the merchant to the orders page with the order id, which opens the order.
 */
export async function startTestPayment(merchantId: string, goodsId: string): Promise<{ sessionId: string; payUrl: string }> {
  const session: CheckoutSessionView = await createCheckoutSession(
    { merchantId, livemode: false },
    // eslint-disable-next-line payrelay/no-hardcoded-text -- stored with the session as data, not words of the portal
    { goodsId, quantity: 1, buyerId: TEST_BUYER_ID, attach: "portal test payment", successUrl: `${config().PUBLIC_BASE_URL}/orders` },
    { publishableKey: false },
  );
  return { sessionId: session.id, payUrl: session.url };
}

/**
 * The call a merchant's own page would make for the same checkout, filled in with their test
 * publishable key (shown in full on the keys page) when they have one. `successUrl` is the merchant's
 * own page; a publishable key may only name their listed redirect domains.
 */
export async function testPaymentApiCall(merchantId: string): Promise<{ base: string; publishableKey: string | null }> {
  const keys = await listApiKeys(merchantId);
  const pk = keys.find((k) => k.kind === "publishable" && !k.livemode && !k.revokedAt && k.publishableKey)?.publishableKey ?? null;
  return { base: config().PUBLIC_BASE_URL, publishableKey: pk };
}
