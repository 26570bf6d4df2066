import type { components, operations } from "./generated/openapi.js";

type Schemas = components["schemas"];
type JsonBody<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Goods = Schemas["Goods"];
export type Order = Schemas["Order"];
export type CheckoutSession = Schemas["CheckoutSession"];
/** Any event; narrow on `type` ("order.paid" → data.order). Also the body of every webhook. */
export type Event = Schemas["Event"];
export type EventType = Event["type"];
export type EventWithDeliveries = Schemas["EventWithDeliveries"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type WebhookAttempt = Schemas["WebhookAttempt"];
export type ChannelAccount = Schemas["ChannelAccount"];
export type WebhookSecret = Schemas["WebhookSecret"];
export type RedirectDomains = Schemas["RedirectDomains"];
export type ApiErrorBody = Schemas["Error"];
export type List<T> = { object: "list"; data: T[]; hasMore: boolean };

export type CreateGoodsParams = JsonBody<operations["createGoods"]>;
export type UpdateGoodsParams = JsonBody<operations["updateGoods"]>;
export type ListGoodsParams = Query<operations["listGoods"]>;
export type CreateOrderParams = JsonBody<operations["createOrder"]>;
export type ListOrdersParams = Query<operations["listOrders"]>;
export type CreateCheckoutSessionParams = JsonBody<operations["createCheckoutSession"]>;
export type ListEventsParams = Query<operations["listEvents"]>;
export type ChannelProvider = operations["putChannelAccount"]["parameters"]["path"]["provider"];
export type ChannelAccountParams = JsonBody<operations["putChannelAccount"]>;
export type SetRedirectDomainsParams = JsonBody<operations["setRedirectDomains"]>;
