import type { HttpClient, RequestOptions } from "./http.js";
import type {
  ChannelAccount,
  ChannelAccountParams,
  ChannelProvider,
  CheckoutSession,
  CreateCheckoutSessionParams,
  CreateGoodsParams,
  CreateOrderParams,
  EventWithDeliveries,
  Goods,
  List,
  ListEventsParams,
  ListGoodsParams,
  ListOrdersParams,
  Order,
  UpdateGoodsParams,
  RedirectDomains,
  SetRedirectDomainsParams,
  WebhookSecret,
} from "./types.js";

const id = (value: string) => encodeURIComponent(value);

/** Every item of a list, page after page (`for await (const order of payrelay.orders.iterate({ status: "paid" }))`). */
async function* iterate<T extends { id: string }, Q extends { startingAfter?: string }>(
  list: (query: Q) => Promise<List<T>>,
  query: Q,
): AsyncGenerator<T> {
  let page = await list(query);
  for (;;) {
    yield* page.data;
    const last = page.data.at(-1);
    if (!page.hasMore || !last) return;
    page = await list({ ...query, startingAfter: last.id });
  }
}

export class GoodsResource {
  constructor(private readonly http: HttpClient) {}
  create(params: CreateGoodsParams, opts?: RequestOptions): Promise<Goods> {
    return this.http.request("POST", "/api/v1/goods", { body: params }, opts);
  }
  retrieve(goodsId: string, opts?: RequestOptions): Promise<Goods> {
    return this.http.request("GET", `/api/v1/goods/${id(goodsId)}`, {}, opts);
  }
  update(goodsId: string, params: UpdateGoodsParams, opts?: RequestOptions): Promise<Goods> {
    return this.http.request("PATCH", `/api/v1/goods/${id(goodsId)}`, { body: params }, opts);
  }
  list(query: ListGoodsParams = {}, opts?: RequestOptions): Promise<List<Goods>> {
    return this.http.request("GET", "/api/v1/goods", { query }, opts);
  }
  iterate(query: ListGoodsParams = {}): AsyncGenerator<Goods> {
    return iterate((q) => this.list(q), query);
  }
}

export class OrdersResource {
  constructor(private readonly http: HttpClient) {}
  /** With a publishable key too: the amount is the goods' price × quantity, never the caller's. */
  create(params: CreateOrderParams, opts?: RequestOptions): Promise<Order> {
    return this.http.request("POST", "/api/v1/orders", { body: params }, opts);
  }
  /** While pending, payrelay asks the channel first: this is the proof of payment. */
  retrieve(orderId: string, opts?: RequestOptions): Promise<Order> {
    return this.http.request("GET", `/api/v1/orders/${id(orderId)}`, {}, opts);
  }
  list(query: ListOrdersParams = {}, opts?: RequestOptions): Promise<List<Order>> {
    return this.http.request("GET", "/api/v1/orders", { query }, opts);
  }
  iterate(query: ListOrdersParams = {}): AsyncGenerator<Order> {
    return iterate((q) => this.list(q), query);
  }
  /** Throws PayrelayError code "order_already_paid" (with `.order`) when the buyer paid meanwhile. */
  close(orderId: string, opts?: RequestOptions): Promise<Order> {
    return this.http.request("POST", `/api/v1/orders/${id(orderId)}/close`, {}, opts);
  }
}

export class CheckoutSessionsResource {
  constructor(private readonly http: HttpClient) {}
  create(params: CreateCheckoutSessionParams, opts?: RequestOptions): Promise<CheckoutSession> {
    return this.http.request("POST", "/api/v1/checkout-sessions", { body: params }, opts);
  }
  retrieve(sessionId: string, opts?: RequestOptions): Promise<CheckoutSession> {
    return this.http.request("GET", `/api/v1/checkout-sessions/${id(sessionId)}`, {}, opts);
  }
}

export class EventsResource {
  constructor(private readonly http: HttpClient) {}
  list(query: ListEventsParams = {}, opts?: RequestOptions): Promise<List<EventWithDeliveries>> {
    return this.http.request("GET", "/api/v1/events", { query }, opts);
  }
  iterate(query: ListEventsParams = {}): AsyncGenerator<EventWithDeliveries> {
    return iterate((q) => this.list(q), query);
  }
  retrieve(eventId: string, opts?: RequestOptions): Promise<EventWithDeliveries> {
    return this.http.request("GET", `/api/v1/events/${id(eventId)}`, {}, opts);
  }
  /** One attempt now, to the goods' current notify URL; the answer shows it. */
  resend(eventId: string, opts?: RequestOptions): Promise<EventWithDeliveries> {
    return this.http.request("POST", `/api/v1/events/${id(eventId)}/resend`, {}, opts);
  }
}

export class ChannelAccountsResource {
  constructor(private readonly http: HttpClient) {}
  list(opts?: RequestOptions): Promise<List<ChannelAccount>> {
    return this.http.request("GET", "/api/v1/channel-accounts", {}, opts);
  }
  /** Live secret key only: sets the live credentials of a provider (secrets are never returned). */
  put(provider: ChannelProvider, credentials: ChannelAccountParams, opts?: RequestOptions): Promise<ChannelAccount> {
    return this.http.request("PUT", `/api/v1/channel-accounts/${id(provider)}`, { body: credentials }, opts);
  }
}

export class WebhookSecretResource {
  constructor(private readonly http: HttpClient) {}
  /** A new signing secret for the key's mode, shown once; the old one keeps signing for 24 h. */
  rotate(opts?: RequestOptions): Promise<WebhookSecret> {
    return this.http.request("POST", "/api/v1/webhook-secret/rotate", {}, opts);
  }
}

export class RedirectDomainsResource {
  constructor(private readonly http: HttpClient) {}
  /** The hosts publishable-key checkout sessions may return to. */
  retrieve(opts?: RequestOptions): Promise<RedirectDomains> {
    return this.http.request("GET", "/api/v1/redirect-domains", {}, opts);
  }
  /** Replaces the whole list: `set({ domains: ["shop.example.com", "*.shop.example.com"] })`. */
  set(params: SetRedirectDomainsParams, opts?: RequestOptions): Promise<RedirectDomains> {
    return this.http.request("PUT", "/api/v1/redirect-domains", { body: params }, opts);
  }
}
