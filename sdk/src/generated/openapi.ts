/**
 * Generated from the API document (GET /api/v1/openapi.json) by openapi-typescript.
 * Do not edit: `npm run sdk:generate` rewrites it; tests/sdk/generated.test.ts fails when it is stale.
 */

export interface paths {
    "/api/v1/channel-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List channel accounts
         * @description The key's mode's accounts (test mode: the sandbox accounts payrelay provisions), secrets masked.
         */
        get: operations["listChannelAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channel-accounts/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set live channel credentials
         * @description Live secret key only. The body is the provider's: alipay → { appId, privateKey, alipayPublicKey }; wechatpay → { appId, mchId, serialNo, privateKey, apiV3Key, platformPublicKey, platformPublicKeyId?, additionalPlatformPublicKey?, additionalPlatformPublicKeyId?, appSecret? }. Secrets are encrypted at rest and never returned.
         */
        put: operations["putChannelAccount"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a checkout session
         * @description A payrelay-hosted payment page for one goods and quantity; after payment the page forwards to successUrl with orderId added.
         */
        post: operations["createCheckoutSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout-sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a checkout session */
        get: operations["retrieveCheckoutSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List events */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve an event with its deliveries and attempts */
        get: operations["retrieveEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend an event now
         * @description One attempt now, to every place the event goes today (the goods' notify URL for its type, each enabled endpoint subscribed to it), recorded with trigger "resend"; the answer shows it.
         */
        post: operations["resendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend failed deliveries in bulk
         * @description Every failed delivery of an event created since `since` becomes pending and is sent again now by the worker (one attempt, recorded as automatic). Bounded (at most 1000 per call, oldest first) and safe to repeat: a second call while the first's deliveries are still pending does not send them twice. Deliveries to a disabled or deleted endpoint are left failed.
         */
        post: operations["resendFailedDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/goods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List goods */
        get: operations["listGoods"];
        put?: never;
        /** Create goods */
        post: operations["createGoods"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/goods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve goods */
        get: operations["retrieveGoods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update goods
         * @description A price change applies to orders created afterwards; existing orders keep their amount. `active: false` retires goods.
         */
        patch: operations["updateGoods"];
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description The OpenAPI 3.1 description of the API, generated from the schemas the routes validate with. No key needed.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List orders */
        get: operations["listOrders"];
        put?: never;
        /**
         * Create an order
         * @description The amount is the goods' price × quantity, computed by payrelay. Answers with the pay parameters for the chosen channel.
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve an order
         * @description While the order is pending, payrelay asks the channel for the truth and records it before answering.
         */
        get: operations["retrieveOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close an order
         * @description Closes the order at the channel and here. An order the channel reports paid becomes paid instead (409 order_already_paid, with the order).
         */
        post: operations["closeOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payment-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List payment links */
        get: operations["listPaymentLinks"];
        put?: never;
        /**
         * Create a payment link
         * @description One fixed URL (and QR code) for a goods and quantity. Opened inside WeChat it pays with JSAPI (after WeChat's OAuth for the openid), inside Alipay with Alipay, in another phone browser it offers both, on a desktop it shows QR codes. Each visit is a checkout session of its own, priced at the goods' price then; the order's buyerId is the payer's channel identity (see docs/api.md).
         */
        post: operations["createPaymentLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payment-links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a payment link */
        get: operations["retrievePaymentLink"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a payment link
         * @description active: false deactivates the link (its URL then answers 410); sessions already opened from it stay payable until they expire. quantity and successUrl apply to later visits.
         */
        patch: operations["updatePaymentLink"];
        trace?: never;
    };
    "/api/v1/redirect-domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the redirect domains
         * @description The hosts that checkout sessions created with a publishable key may use for successUrl and cancelUrl.
         */
        get: operations["retrieveRedirectDomains"];
        /**
         * Replace the redirect domains
         * @description Replaces the whole list (at most 20). A checkout session created with a publishable key must use one of them for successUrl and cancelUrl (400 redirect_domain_not_allowed otherwise); sessions created with a secret key may use any http(s) URL.
         */
        put: operations["setRedirectDomains"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List refunds */
        get: operations["listRefunds"];
        put?: never;
        /**
         * Refund a paid order, fully or in part
         * @description amount defaults to what is still refundable. The refunds of an order that have not failed never add up to more than its amount, however many requests race. The answer is usually already succeeded (Alipay) or pending (WeChat Pay answers PROCESSING first).
         */
        post: operations["createRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a refund
         * @description While the refund is pending, payrelay asks the channel first and records what it says.
         */
        get: operations["retrieveRefund"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Create a webhook endpoint
         * @description Every event of a subscribed type is delivered here, besides the goods' notify URL, as a delivery of its own with the same webhook-id. At most 16 per mode.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a webhook endpoint */
        get: operations["retrieveWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Its pending deliveries stop; past deliveries and their attempts stay listed on their events.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Update a webhook endpoint
         * @description Disabling an endpoint stops its pending deliveries (they become failed, so they can be resent later); enabling it clears a "failing" disable.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/api/v1/webhook-secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the webhook signing secret
         * @description Rotates the secret of the key's own mode. The replaced secret keeps signing (a second v1 signature) for 24 hours.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "order.closed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * order.closed notification
         * @description Sent to the goods' notify URL for this type and to every enabled webhook endpoint subscribed to it, each a delivery of its own with the same webhook-id. Any 2xx within 10 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Verify it with any Standard Webhooks library (the SDK's webhooks.verify).
         */
        post: operations["webhook.order.closed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "order.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * order.created notification
         * @description Sent to the goods' notify URL for this type and to every enabled webhook endpoint subscribed to it, each a delivery of its own with the same webhook-id. Any 2xx within 10 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Verify it with any Standard Webhooks library (the SDK's webhooks.verify).
         */
        post: operations["webhook.order.created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "order.paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * order.paid notification
         * @description Sent to the goods' notify URL for this type and to every enabled webhook endpoint subscribed to it, each a delivery of its own with the same webhook-id. Any 2xx within 10 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Verify it with any Standard Webhooks library (the SDK's webhooks.verify).
         */
        post: operations["webhook.order.paid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * refund.failed notification
         * @description Sent to the goods' notify URL for this type and to every enabled webhook endpoint subscribed to it, each a delivery of its own with the same webhook-id. Any 2xx within 10 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Verify it with any Standard Webhooks library (the SDK's webhooks.verify).
         */
        post: operations["webhook.refund.failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * refund.succeeded notification
         * @description Sent to the goods' notify URL for this type and to every enabled webhook endpoint subscribed to it, each a delivery of its own with the same webhook-id. Any 2xx within 10 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Verify it with any Standard Webhooks library (the SDK's webhooks.verify).
         */
        post: operations["webhook.refund.succeeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AlipayChannelAccount: {
            alipayPublicKey: string;
            appId: string;
            /** @description Where the provider sends this account's notifications (set it as notify URL where the console asks). */
            callbackUrl: string;
            /** Format: date-time */
            createdAt: string;
            /** @description The current credential version: 1 when first set, +1 on every replacement. Orders keep the version they were created with; older versions stay in use for their callbacks, queries and closes until those orders settle. */
            credentialVersion: number;
            /** @example ca_5Tg7Yh9Uj1Ik3Ol5Pz7Xc9 */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "channel_account";
            /** @constant */
            privateKey: "********";
            privateKeyFingerprint: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "alipay";
            /** Format: date-time */
            updatedAt: string;
        };
        ChannelAccount: components["schemas"]["AlipayChannelAccount"] | components["schemas"]["WechatpayChannelAccount"];
        ChannelAccountList: {
            data: components["schemas"]["ChannelAccount"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        CheckoutSession: {
            /** @description In fen, fixed when the session was created. */
            amount: number;
            attach: string | null;
            buyerId: string;
            cancelUrl: string | null;
            /** Format: date-time */
            createdAt: string;
            currency: string;
            /** @description Orders of this session paid after paidOrderId (the buyer paid twice, e.g. through an old pay URL or both QR codes). Each is paid and carries duplicatePayment: true; refund them. */
            duplicatePaymentOrderIds: string[];
            /** Format: date-time */
            expiresAt: string;
            goodsId: string;
            /** @example cs_2Hk8Qm4Np6Rs8Tv0Wx2Yz4 */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "checkout_session";
            /** @description The order the buyer is paying with, once they chose a channel. */
            orderId: string | null;
            /** @description The order that paid the session: the first of its orders to be paid. Set once, never changed. */
            paidOrderId: string | null;
            /** @description The payment link whose visit opened the session; null for sessions made with the API. */
            paymentLinkId: string | null;
            quantity: number;
            /** @enum {string} */
            status: "open" | "complete" | "expired";
            successUrl: string;
            /** @description The hosted page to send the buyer to. */
            url: string;
        };
        DeletedWebhookEndpoint: {
            /** @constant */
            deleted: true;
            id: string;
            /** @constant */
            object: "webhook_endpoint";
        };
        Error: {
            error: {
                /** @description channel_error only: the channel's own code. */
                channelCode?: string;
                /** @description A stable snake_case code, e.g. parameter_missing, resource_missing, order_already_paid. */
                code: string;
                /** @description A human sentence; never a stack trace. */
                message: string;
                /** @description order_already_paid and channel_error on orders: the order as it now stands. */
                order?: components["schemas"]["Order"];
                /** @description The offending field, when one is to blame. */
                param?: string;
                /** @enum {string} */
                type: "invalid_request" | "authentication" | "permission" | "not_found" | "conflict" | "rate_limited" | "channel_error" | "internal";
            };
        };
        Event: components["schemas"]["OrderCreatedEvent"] | components["schemas"]["OrderPaidEvent"] | components["schemas"]["OrderClosedEvent"] | components["schemas"]["RefundSucceededEvent"] | components["schemas"]["RefundFailedEvent"];
        EventList: {
            data: components["schemas"]["EventWithDeliveries"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        EventResend: {
            /** @description More failed deliveries match: call again (once these have been attempted) for the next ones. */
            hasMore: boolean;
            /** @constant */
            object: "event_resend";
            /** @description Failed deliveries made pending again by this call and handed to the sender. */
            requeued: number;
            /** Format: date-time */
            since: string;
            /** @constant */
            status: "failed";
        };
        EventWithDeliveries: components["schemas"]["OrderCreatedEventWithDeliveries"] | components["schemas"]["OrderPaidEventWithDeliveries"] | components["schemas"]["OrderClosedEventWithDeliveries"] | components["schemas"]["RefundSucceededEventWithDeliveries"] | components["schemas"]["RefundFailedEventWithDeliveries"];
        Goods: {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            /** @example CNY */
            currency: string;
            description: string | null;
            /** @example goods_4Xq2n8Kp1Lm7Rt3Yv9Wz0A */
            id: string;
            livemode: boolean;
            name: string;
            notifyUrls: {
                orderCreated: string | null;
                orderPaid: string | null;
            };
            /** @constant */
            object: "goods";
            /** @description Unit price in fen (100 = 1.00 CNY). */
            price: number;
            /** Format: date-time */
            updatedAt: string;
        };
        GoodsList: {
            data: components["schemas"]["Goods"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        Order: {
            /** @description goods.price × quantity in fen, fixed at creation. */
            amount: number;
            /** @description Sum of the order's succeeded refunds, in fen. */
            amountRefunded: number;
            attach: string | null;
            buyerId: string;
            /** @enum {string} */
            channel: "alipay_h5" | "wechat_h5" | "wechat_jsapi" | "wechat_native" | "alipay_pc" | "alipay_qr";
            channelTradeNo: string | null;
            closedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @example CNY */
            currency: string;
            /** @description true when the order was paid after another order of the same checkout session had been (the buyer paid the session twice, e.g. through an old pay URL or both QR codes). The order stays paid: refund it. The session lists it in duplicatePaymentOrderIds. */
            duplicatePayment: boolean;
            /** Format: date-time */
            expiresAt: string;
            failure: {
                code: string;
                message: string;
            } | null;
            goodsId: string;
            /** @example ord_7Yb3kQ9xLm2Np4Rs6Tv8Wz */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "order";
            paidAfterClose: boolean;
            paidAt: string | null;
            /** @description What the buyer's page needs to pay: alipay_h5 → { payUrl }; wechat_h5 → { h5Url }; wechat_jsapi → { appId, timeStamp, nonceStr, package, signType, paySign } (WeixinJSBridge getBrandWCPayRequest); wechat_native → { codeUrl } (weixin://wxpay/bizpayurl?pr=…, show it as a QR code); alipay_pc → { payUrl } (alipay.trade.page.pay, a GET URL for a desktop browser); alipay_qr → { qrCode } (alipay.trade.precreate, show it as a QR code). */
            payParams: {
                [key: string]: string;
            } | null;
            quantity: number;
            /**
             * @description pending → paid | closed. paid is final; closed becomes paid (paidAfterClose) only if the channel proves the buyer paid.
             * @enum {string}
             */
            status: "pending" | "paid" | "closed";
        };
        OrderClosedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
            };
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.closed";
        };
        OrderClosedEventWithDeliveries: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
            };
            deliveries: components["schemas"]["WebhookDelivery"][];
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.closed";
        };
        OrderCreatedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
            };
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.created";
        };
        OrderCreatedEventWithDeliveries: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
            };
            deliveries: components["schemas"]["WebhookDelivery"][];
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.created";
        };
        OrderList: {
            data: components["schemas"]["Order"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        OrderPaidEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
            };
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.paid";
        };
        OrderPaidEventWithDeliveries: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
            };
            deliveries: components["schemas"]["WebhookDelivery"][];
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.paid";
        };
        PaymentLink: {
            /** @description false: the URL answers 410 with a "link no longer valid" page. */
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            goodsId: string;
            /** @example plink_4Rt8Xc2Lm9Pz1Qw5Vb7N */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "payment_link";
            quantity: number;
            /** @description Where the buyer goes after paying, with orderId added; null: payrelay's own paid page. */
            successUrl: string | null;
            /** Format: date-time */
            updatedAt: string;
            /** @description The fixed URL to share or print as a QR code: /l/{id}. Every visit is a checkout session and order of its own. */
            url: string;
        };
        PaymentLinkList: {
            data: components["schemas"]["PaymentLink"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        RedirectDomains: {
            /** @description Host names ("shop.example") or "*.shop.example" for every sub-domain, lower case, IDNs in punycode. */
            domains: string[];
            /** @constant */
            object: "redirect_domains";
        };
        Refund: {
            /** @description In fen. */
            amount: number;
            channelRefundNo: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @example CNY */
            currency: string;
            failureCode: string | null;
            failureMessage: string | null;
            /** @example re_3Hn8Qw2Er5Ty7Ui9Op1As3 */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "refund";
            orderId: string;
            reason: string | null;
            /**
             * @description pending → succeeded | failed. A pending refund is settled by the channel's notification, a read, or the sweep.
             * @enum {string}
             */
            status: "pending" | "succeeded" | "failed";
            succeededAt: string | null;
        };
        RefundFailedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
                refund: components["schemas"]["Refund"];
            };
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "refund.failed";
        };
        RefundFailedEventWithDeliveries: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
                refund: components["schemas"]["Refund"];
            };
            deliveries: components["schemas"]["WebhookDelivery"][];
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "refund.failed";
        };
        RefundList: {
            data: components["schemas"]["Refund"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        RefundSucceededEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
                refund: components["schemas"]["Refund"];
            };
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "refund.succeeded";
        };
        RefundSucceededEventWithDeliveries: {
            /** Format: date-time */
            createdAt: string;
            data: {
                order: components["schemas"]["Order"];
                refund: components["schemas"]["Refund"];
            };
            deliveries: components["schemas"]["WebhookDelivery"][];
            /**
             * @description Also the webhook-id header of its deliveries.
             * @example evt_9Qw3Er5Ty7Ui9Op1As3Df5
             */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "event";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "refund.succeeded";
        };
        WebhookAttempt: {
            /** Format: date-time */
            at: string;
            error: string | null;
            id: string;
            latencyMs: number | null;
            /** @description The first 1 KiB of the receiver's answer. */
            responseExcerpt: string | null;
            statusCode: number | null;
            /** @enum {string} */
            trigger: "automatic" | "resend";
        };
        WebhookDelivery: {
            /** @description Automatic attempts made so far; resends are not counted. */
            attemptCount: number;
            /** @description Every attempt, oldest first (on GET /api/v1/events/{id} and resend). */
            attempts?: components["schemas"]["WebhookAttempt"][];
            /** @description The webhook endpoint this delivery goes to; null for the goods' notify URL. */
            endpointId: string | null;
            id: string;
            lastAttemptAt: string | null;
            nextAttemptAt: string | null;
            /** @constant */
            object: "webhook_delivery";
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed" | "stopped";
            url: string;
        };
        WebhookEndpoint: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            disabled: boolean;
            disabledAt: string | null;
            /** @description Why it is disabled: by the merchant, or "failing" (every delivery failed for five days). */
            disabledReason: ("merchant" | "failing") | null;
            /** @description Event types delivered here (order.created, order.paid, order.closed, refund.succeeded, refund.failed), or ["*"] for every type. */
            enabledEvents: string[];
            /** @description When its deliveries started failing without a success since; null while healthy. */
            failingSince: string | null;
            /** @example we_1Hq7Xc3Lm9Pz2Rt5Vb8Nk4 */
            id: string;
            livemode: boolean;
            /** @constant */
            object: "webhook_endpoint";
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        WebhookEndpointList: {
            data: components["schemas"]["WebhookEndpoint"][];
            /** @description Whether more items follow; pass the last id as startingAfter to get them. */
            hasMore: boolean;
            /** @constant */
            object: "list";
        };
        WebhookSecret: {
            livemode: boolean;
            /** @constant */
            object: "webhook_secret";
            /**
             * Format: date-time
             * @description Until then webhooks carry a second signature made with the replaced secret.
             */
            previousSecretExpiresAt: string;
            /**
             * @description The new whsec_… signing secret, shown this once.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        WechatpayChannelAccount: {
            /** @description A second trusted platform key (during a rotation at WeChat's side), or null. */
            additionalPlatformPublicKey: string | null;
            /** @description Its certificate serial or PUB_KEY_ID_…; Wechatpay-Serial picks the key. */
            additionalPlatformPublicKeyId: string | null;
            /** @constant */
            apiV3Key: "********";
            appId: string;
            appSecret: "********" | null;
            /** @enum {string} */
            appSecretSet: "true" | "false";
            /** @description Where the provider sends this account's notifications (set it as notify URL where the console asks). */
            callbackUrl: string;
            /** Format: date-time */
            createdAt: string;
            /** @description The current credential version: 1 when first set, +1 on every replacement. Orders keep the version they were created with; older versions stay in use for their callbacks, queries and closes until those orders settle. */
            credentialVersion: number;
            /** @example ca_5Tg7Yh9Uj1Ik3Ol5Pz7Xc9 */
            id: string;
            livemode: boolean;
            mchId: string;
            /** @constant */
            object: "channel_account";
            /** @enum {string} */
            platformKeyMode: "certificate" | "public_key";
            platformPublicKey: string;
            platformPublicKeyId: string;
            /** @constant */
            privateKey: "********";
            privateKeyFingerprint: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "wechatpay";
            serialNo: string;
            /** Format: date-time */
            updatedAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listChannelAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccountList"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putChannelAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: "alipay" | "wechatpay";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    alipayPublicKey: string;
                    appId: string;
                    privateKey: string;
                } | {
                    additionalPlatformPublicKey?: string;
                    additionalPlatformPublicKeyId?: string;
                    apiV3Key: string;
                    appId: string;
                    appSecret?: string;
                    mchId: string;
                    platformPublicKey: string;
                    platformPublicKeyId?: string;
                    privateKey: string;
                    serialNo: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description invalid_key: a key that cannot be parsed, or the public half of your own private key where the provider's belongs. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCheckoutSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attach?: string;
                    buyerId: string;
                    cancelUrl?: string;
                    goodsId: string;
                    openId?: string;
                    quantity: number;
                    successUrl: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutSession"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission; merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveCheckoutSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutSession"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission; merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                deliveryStatus?: "pending" | "succeeded" | "failed" | "stopped";
                limit?: number;
                orderId?: string;
                startingAfter?: string;
                type?: "order.created" | "order.paid" | "order.closed" | "refund.succeeded" | "refund.failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventList"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventWithDeliveries"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resendEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventWithDeliveries"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. no_notify_url: neither the goods nor any enabled webhook endpoint takes this event type. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resendFailedDeliveries: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most this many deliveries (default and maximum 1000), oldest first. */
                    limit?: number;
                    /**
                     * Format: date-time
                     * @description Deliveries of events created at or after this instant (ISO-8601).
                     */
                    since: string;
                    /** @constant */
                    status: "failed";
                };
            };
        };
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventResend"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listGoods: {
        parameters: {
            query?: {
                active?: "true" | "false";
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GoodsList"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createGoods: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    /** @constant */
                    currency?: "CNY";
                    description?: string | null;
                    name: string;
                    notifyUrls?: {
                        orderCreated?: string | null;
                        orderPaid?: string | null;
                    };
                    price: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Goods"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveGoods: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Goods"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateGoods: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    /** @constant */
                    currency?: "CNY";
                    description?: string | null;
                    name?: string;
                    notifyUrls?: {
                        orderCreated?: string | null;
                        orderPaid?: string | null;
                    };
                    price?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Goods"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOrders: {
        parameters: {
            query?: {
                buyerId?: string;
                channel?: "alipay_h5" | "wechat_h5" | "wechat_jsapi" | "wechat_native" | "alipay_pc" | "alipay_qr";
                goodsId?: string;
                limit?: number;
                startingAfter?: string;
                status?: "pending" | "paid" | "closed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderList"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attach?: string;
                    buyerId: string;
                    /** @enum {string} */
                    channel: "alipay_h5" | "wechat_h5" | "wechat_jsapi" | "wechat_native" | "alipay_pc" | "alipay_qr";
                    clientIp?: string;
                    /** Format: date-time */
                    expiresAt?: string;
                    goodsId: string;
                    openId?: string;
                    quantity: number;
                    returnUrl?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission; merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description channel_error: the channel refused or failed; the error carries `channelCode` and the `order`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission; merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    closeOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. order_already_paid: the channel says the buyer paid; the error carries the paid `order`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description channel_error: the channel could not close the order. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPaymentLinks: {
        parameters: {
            query?: {
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentLinkList"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createPaymentLink: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    goodsId: string;
                    /** @default 1 */
                    quantity?: number;
                    successUrl?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentLink"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … goods_inactive: the goods is retired (active: false). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrievePaymentLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentLink"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updatePaymentLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    quantity?: number;
                    successUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentLink"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveRedirectDomains: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedirectDomains"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setRedirectDomains: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    domains: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedirectDomains"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRefunds: {
        parameters: {
            query?: {
                limit?: number;
                orderId?: string;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundList"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description In fen; defaults to what is still refundable. */
                    amount?: number;
                    orderId: string;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. order_not_paid: only a paid order can be refunded. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description refund_exceeds_amount: more than what is still refundable; the error carries `refundable` (fen). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    disabled?: boolean;
                    enabledEvents: ("*" | "order.created" | "order.paid" | "order.closed" | "refund.succeeded" | "refund.failed")[];
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description url_not_allowed: the URL points at a loopback, private or link-local address; endpoint_limit_reached. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retrieveWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedWebhookEndpoint"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The object's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    disabled?: boolean;
                    enabledEvents?: ("*" | "order.created" | "order.paid" | "order.closed" | "refund.succeeded" | "refund.failed")[];
                    url?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found: resource_missing (also for another merchant's id, or the other mode's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description url_not_allowed: the URL points at a loopback, private or link-local address. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body within 24 h returns the first answer again (header Idempotent-Replayed: true). The SDK sends one per logical call. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecret"];
                };
            };
            /** @description invalid_request: parameter_missing, parameter_invalid, parameter_unknown, invalid_json, body_too_large, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description authentication: missing_api_key, invalid_authorization, invalid_api_key (unknown or revoked). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description permission: secret_key_required (a publishable key was sent); merchant_suspended (the merchant is suspended by the operator) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: idempotency_key_reused (same key, different body), idempotency_in_progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: rate_limited (the key's per-second budget, or for a publishable key's order and checkout-session creations the client address's per-minute one, is spent; wait Retry-After seconds). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal: internal_error (logged on our side; not kept under the Idempotency-Key, so sending it again runs the request again). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhook.order.closed": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry. De-duplicate on it. */
                "webhook-id": string;
                /** @description Space-separated "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>" entries, keyed with your whsec_ secret (two during a rotation). */
                "webhook-signature": string;
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrderClosedEvent"];
            };
        };
        responses: {
            /** @description Received; no further attempts. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried on the schedule. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook.order.created": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry. De-duplicate on it. */
                "webhook-id": string;
                /** @description Space-separated "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>" entries, keyed with your whsec_ secret (two during a rotation). */
                "webhook-signature": string;
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrderCreatedEvent"];
            };
        };
        responses: {
            /** @description Received; no further attempts. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried on the schedule. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook.order.paid": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry. De-duplicate on it. */
                "webhook-id": string;
                /** @description Space-separated "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>" entries, keyed with your whsec_ secret (two during a rotation). */
                "webhook-signature": string;
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrderPaidEvent"];
            };
        };
        responses: {
            /** @description Received; no further attempts. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried on the schedule. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook.refund.failed": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry. De-duplicate on it. */
                "webhook-id": string;
                /** @description Space-separated "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>" entries, keyed with your whsec_ secret (two during a rotation). */
                "webhook-signature": string;
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundFailedEvent"];
            };
        };
        responses: {
            /** @description Received; no further attempts. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried on the schedule. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook.refund.succeeded": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry. De-duplicate on it. */
                "webhook-id": string;
                /** @description Space-separated "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>" entries, keyed with your whsec_ secret (two during a rotation). */
                "webhook-signature": string;
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundSucceededEvent"];
            };
        };
        responses: {
            /** @description Received; no further attempts. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried on the schedule. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
