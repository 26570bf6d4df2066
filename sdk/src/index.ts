import { HttpClient, type ClientOptions } from "./http.js";
import {
  ChannelAccountsResource,
  CheckoutSessionsResource,
  EventsResource,
  GoodsResource,
  OrdersResource,
  RedirectDomainsResource,
  WebhookSecretResource,
} from "./resources.js";
import { Webhooks } from "./webhooks.js";

/**
 * The payrelay API client.
 *
 *   const payrelay = new Payrelay(process.env.PAYRELAY_SECRET_KEY!, { baseUrl: "https://pay.example.com" });
 *   const order = await payrelay.orders.create({ goodsId, quantity: 1, channel: "alipay_h5", buyerId: "15705420001" });
 *
 * Every POST carries an Idempotency-Key (one per call, reused by its retries); network errors, 429
 * (after its Retry-After) and 503 are retried with exponential back-off and jitter; failures throw
 * PayrelayError with the API's type, code, status and param.
 */
export class Payrelay {
  readonly goods: GoodsResource;
  readonly orders: OrdersResource;
  readonly checkoutSessions: CheckoutSessionsResource;
  readonly events: EventsResource;
  readonly channelAccounts: ChannelAccountsResource;
  readonly webhookSecret: WebhookSecretResource;
  readonly redirectDomains: RedirectDomainsResource;
  /** Needs no key: `payrelay.webhooks.verify(rawBody, headers, "whsec_…")`. */
  readonly webhooks = new Webhooks();

  constructor(apiKey: string, options: ClientOptions = {}) {
    const http = new HttpClient(apiKey, options);
    this.goods = new GoodsResource(http);
    this.orders = new OrdersResource(http);
    this.checkoutSessions = new CheckoutSessionsResource(http);
    this.events = new EventsResource(http);
    this.channelAccounts = new ChannelAccountsResource(http);
    this.webhookSecret = new WebhookSecretResource(http);
    this.redirectDomains = new RedirectDomainsResource(http);
  }
}

export default Payrelay;
export { Webhooks, type WebhookHeaders } from "./webhooks.js";
export { PayrelayError, PayrelayConnectionError, PayrelayWebhookVerificationError, type PayrelayErrorType } from "./errors.js";
export { backoffMs, retryAfterMs, type ClientOptions, type RequestOptions } from "./http.js";
export type * from "./types.js";
export type { paths, components, operations } from "./generated/openapi.js";
