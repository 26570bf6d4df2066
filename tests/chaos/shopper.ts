/**
 * The chaos run's traffic: merchants' servers creating orders over the public API and buyers paying
 * them through the sandbox's cashier, each step retried the way a real client retries when the
 * server it talks to has just died (connection refused or reset, no answer).
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Answer = { status: number; body: Record<string, unknown> & { error?: { code?: string } } };

/** An HTTP call retried on "no answer" (the web is down or died mid-request) until the deadline. */
export class Client {
  /** Requests that got no answer and were sent again. */
  retriedAfterNoAnswer = 0;
  /** 5xx answers: payrelay promises none, killed or not. */
  readonly serverErrors: string[] = [];

  constructor(
    readonly base: string,
    private readonly patienceMs = 90_000,
  ) {}

  async send(
    method: string,
    path: string,
    opts: { key?: string; json?: unknown; idempotencyKey?: string; redirect?: "manual" } = {},
  ): Promise<Answer & { location: string | null; interrupted: boolean }> {
    const deadline = Date.now() + this.patienceMs;
    let interrupted = false;
    for (;;) {
      try {
        const res = await fetch(path.startsWith("http") ? path : `${this.base}${path}`, {
          method,
          redirect: opts.redirect ?? "follow",
          headers: {
            ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
            ...(opts.json !== undefined ? { "content-type": "application/json" } : {}),
            ...(opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : {}),
          },
          body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        let body: Answer["body"] = {};
        try {
          body = text ? (JSON.parse(text) as Answer["body"]) : {};
        } catch {
          body = { text };
        }
        if (res.status >= 500) this.serverErrors.push(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
        return { status: res.status, body, location: res.headers.get("location"), interrupted };
      } catch (error) {
        // No answer: the request may or may not have been applied. Ask again, as any client would.
        if (Date.now() > deadline) throw new Error(`${method} ${path}: no answer for ${this.patienceMs / 1000} s (${String(error)})`);
        interrupted = true;
        this.retriedAfterNoAnswer++;
        await sleep(150);
      }
    }
  }
}

export type Channel = "alipay_h5" | "alipay_pc" | "alipay_qr" | "wechat_h5" | "wechat_jsapi" | "wechat_native";

/** What a buyer does with an order. */
export type Behaviour =
  | "never_open" // leaves before the cashier opens
  | "open_only" // opens the cashier and leaves
  | "cancel" // presses cancel
  | "pay_no_notify" // pays; the channel never notifies (the expiry sweep must find the money)
  | "pay" // pays; the channel notifies
  | "pay_and_look" // pays, then the merchant's return page reads the order (query races the callback)
  | "notify_twice" // pays; the channel notifies twice at once
  | "notify_delayed"; // pays; the notification comes late

export const PAYS: ReadonlySet<Behaviour> = new Set(["pay_no_notify", "pay", "pay_and_look", "notify_twice", "notify_delayed"]);

/** The buyer's and merchant's view of one purchase, as the test saw it. */
export type Purchase = {
  n: number;
  behaviour: Behaviour;
  channel: Channel;
  shortExpiry: boolean;
  orderId?: string;
  tradeId?: string;
  /** The sandbox said the trade is paid (or, asked again after no answer, that it already was). */
  paidAtChannel: boolean;
  /** The pay request got no answer at least once: the channel's notification may not have been queued. */
  payInterrupted: boolean;
  /** Order creation stayed "in progress" (its first request died with the web) past our patience. */
  gaveUp?: string;
};

/** The cashier trade behind an order's pay parameters, reached the way the buyer's browser gets there. */
async function openCashier(client: Client, payParams: Record<string, string>, openPage: boolean): Promise<string> {
  const entry =
    payParams.payUrl ?? // alipay_h5, alipay_pc: the gateway redirects to the cashier
    payParams.h5Url ?? // wechat_h5
    payParams.qrCode ?? // alipay_qr: the code is the cashier's URL in test mode
    // wechat_native: what the sandbox's scanner does with the weixin:// code
    (payParams.codeUrl ? `/sandbox/scan?code=${encodeURIComponent(payParams.codeUrl)}` : undefined) ??
    `/sandbox/pay/jsapi?prepay_id=${encodeURIComponent((payParams.package ?? "").replace("prepay_id=", ""))}`;
  const res = await client.send("GET", entry, { redirect: "manual" });
  const location = res.status >= 300 && res.status < 400 ? (res.location ?? "") : entry;
  const match = /\/sandbox\/pay\/(sbt_[0-9A-Za-z]+)/.exec(location);
  if (!match) throw new Error(`no sandbox trade behind ${entry} (${res.status} → ${location})`);
  // The cashier page itself: for Alipay, the trade comes into existence when the buyer lands here.
  if (openPage) {
    const page = await client.send("GET", `/sandbox/pay/${match[1]}`);
    if (page.status !== 200) throw new Error(`cashier page ${match[1]}: ${page.status}`);
  }
  return match[1]!;
}

const OUTCOME: Partial<Record<Behaviour, Record<string, unknown>>> = {
  cancel: { outcome: "cancel" },
  pay_no_notify: { outcome: "pay_no_notify" },
  pay: { outcome: "pay" },
  pay_and_look: { outcome: "pay" },
  notify_twice: { outcome: "notify_twice" },
  // 120 s at the provider, divided by TIME_SCALE.
  notify_delayed: { outcome: "notify_delayed", delaySeconds: 120 },
};

export type Shop = { key: string; goodsId: string };

/** One purchase from order to the buyer's last click. Throws only on what no retry explains. */
export async function runPurchase(client: Client, shop: Shop, p: Purchase, runId: string): Promise<void> {
  const body = {
    goodsId: shop.goodsId,
    quantity: 1 + (p.n % 3),
    channel: p.channel,
    buyerId: `buyer-${p.n}`,
    attach: `chaos-${p.n}`,
    ...(p.channel === "wechat_jsapi" ? { openId: `oChaos${String(p.n).padStart(22, "0")}` } : {}),
    ...(p.channel === "wechat_h5" ? { clientIp: "203.0.113.5" } : {}),
    // The API's shortest expiry (1 min) plus a margin for the request's own time.
    ...(p.shortExpiry ? { expiresAt: new Date(Date.now() + 65_000).toISOString() } : {}),
  };
  // A retry after a request died with the web finds the key "in progress" until its 60 s hold ends.
  let created: Answer;
  const until = Date.now() + 75_000;
  for (;;) {
    created = await client.send("POST", "/api/v1/orders", { key: shop.key, json: body, idempotencyKey: `${runId}-${p.n}` });
    if (created.status !== 409 || created.body.error?.code !== "idempotency_in_progress") break;
    if (Date.now() > until) {
      p.gaveUp = "idempotency_in_progress";
      return;
    }
    await sleep(500);
  }
  if (created.status !== 201) throw new Error(`order ${p.n}: ${created.status} ${JSON.stringify(created.body)}`);
  p.orderId = String(created.body.id);
  const payParams = created.body.payParams as Record<string, string> | null;
  if (!payParams) throw new Error(`order ${p.orderId} has no payParams: ${JSON.stringify(created.body)}`);
  if (p.behaviour === "never_open") return;

  p.tradeId = await openCashier(client, payParams, true);
  const outcome = OUTCOME[p.behaviour];
  if (!outcome) return;
  const res = await client.send("POST", `/sandbox/api/trades/${p.tradeId}/simulate`, { json: outcome });
  if (res.interrupted) p.payInterrupted = true;
  const code = res.body.error?.code;
  if (res.status === 200) p.paidAtChannel = PAYS.has(p.behaviour);
  // Asked again after no answer: the first request had done it.
  else if (res.interrupted && code === (PAYS.has(p.behaviour) ? "trade_paid" : "trade_closed")) p.paidAtChannel = PAYS.has(p.behaviour);
  else throw new Error(`simulate ${p.behaviour} on ${p.tradeId} (order ${p.orderId}): ${res.status} ${JSON.stringify(res.body)}`);

  if (p.behaviour === "pay_and_look") {
    // The buyer is back on the merchant's page, which reads the order (and so asks the channel).
    const read = await client.send("GET", `/api/v1/orders/${p.orderId}`, { key: shop.key });
    if (read.status !== 200) throw new Error(`read ${p.orderId}: ${read.status} ${JSON.stringify(read.body)}`);
  }
}

/** Buyers' behaviours: a fifth expire (short expiry, created first), the rest pay in various ways. */
export function plan(total: number): Purchase[] {
  const short: Behaviour[] = ["never_open", "open_only", "cancel", "pay_no_notify"];
  const long: Behaviour[] = ["pay", "pay", "pay", "pay_and_look", "notify_twice", "notify_delayed", "pay", "pay_and_look"];
  const channels: Channel[] = ["alipay_h5", "wechat_h5", "wechat_jsapi", "alipay_pc", "alipay_qr", "wechat_native"];
  const shortCount = Math.max(short.length, Math.round(total / 5));
  return Array.from({ length: total }, (_, n) => {
    const isShort = n < shortCount;
    const behaviours = isShort ? short : long;
    return {
      n,
      behaviour: behaviours[n % behaviours.length]!,
      // A channel per round of behaviours, so every channel meets every behaviour.
      channel: channels[Math.floor(n / behaviours.length) % channels.length]!,
      shortExpiry: isShort,
      paidAtChannel: false,
      payInterrupted: false,
    };
  });
}

/**
 * Merchants for a run, each with goods whose notify URLs are the receiver (its path names the
 * merchant, and `secrets` maps that path to the merchant's webhook secret for verification).
 */
export async function openShops(
  names: string[],
  client: Client,
  receiver: { url: string },
  secrets: Map<string, string>,
  emailPrefix: string,
): Promise<(Shop & { merchantId: string })[]> {
  const { createMerchant } = await import("../../lib/merchants/merchants");
  const shops: (Shop & { merchantId: string })[] = [];
  for (const name of names) {
    const m = await createMerchant({ email: `${emailPrefix}-${shops.length}@example.com`, password: "a long enough passphrase", name });
    const hook = `${receiver.url}/${m.merchantId}`;
    secrets.set(new URL(hook).pathname, m.webhookSecret);
    const goods = await client.send("POST", "/api/v1/goods", {
      key: m.testSecretKey,
      json: { name: `${name} goods`, price: 100 + shops.length, notifyUrls: { orderCreated: hook, orderPaid: hook } },
    });
    if (goods.status !== 201) throw new Error(`goods for ${name}: ${goods.status} ${JSON.stringify(goods.body)}`);
    shops.push({ key: m.testSecretKey, goodsId: String(goods.body.id), merchantId: m.merchantId });
  }
  return shops;
}
