import { PayrelayConnectionError, PayrelayError } from "./errors.js";

export type ClientOptions = {
  /** Where payrelay runs, e.g. https://pay.example.com (default http://localhost:3000). */
  baseUrl?: string;
  /** Retries after a network error, a 429 or a 503 (default 2; 0 disables). */
  maxRetries?: number;
  /** Per attempt (default 30 s: creating an order waits on the channel, which may take up to 10 s). */
  timeoutMs?: number;
  /** The longest wait before a retry that the client accepts (default 60 s); a longer Retry-After is an error. */
  maxRetryDelayMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
};

export type RequestOptions = {
  /** For POST: the Idempotency-Key to send (default: a new UUID per call, the same on each of its retries). */
  idempotencyKey?: string;
  maxRetries?: number;
  timeoutMs?: number;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** Exponential back-off with jitter: 0.5–1 × min(8 s, 0.5 s × 2^n), so clients that failed together do not retry together. */
export function backoffMs(retry: number, random = Math.random): number {
  return Math.round(Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** retry) * (0.5 + random() / 2));
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly apiKey: string,
    private readonly options: ClientOptions = {},
  ) {
    if (!apiKey || !/^(sk|pk)_(test|live)_/.test(apiKey)) {
      throw new TypeError("new Payrelay(key): the key must be a payrelay API key (sk_test_…, sk_live_…, pk_test_… or pk_live_…).");
    }
    this.baseUrl = (options.baseUrl ?? "http://localhost:3000").replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async request<T>(method: Method, path: string, init: { query?: object; body?: unknown } = {}, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    // One key per logical call, kept across its retries: a retry after a lost answer replays the first.
    if (method === "POST") headers["idempotency-key"] = opts.idempotencyKey ?? globalThis.crypto.randomUUID();
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const maxRetries = opts.maxRetries ?? this.options.maxRetries ?? 2;
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 30_000;

    for (let retry = 0; ; retry++) {
      let res: Response;
      try {
        res = await this.fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        if (retry < maxRetries) {
          await sleep(backoffMs(retry));
          continue;
        }
        const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String((error as Error)?.message ?? error);
        throw new PayrelayConnectionError(`${method} ${url.pathname}: ${reason}`, error);
      }
      if ((res.status === 429 || res.status === 503) && retry < maxRetries) {
        const wait = retryAfterMs(res.headers.get("retry-after")) ?? backoffMs(retry);
        if (wait <= (this.options.maxRetryDelayMs ?? 60_000)) {
          await res.body?.cancel();
          await sleep(wait);
          continue;
        }
      }
      return this.parse<T>(res, method, url);
    }
  }

  private async parse<T>(res: Response, method: Method, url: URL): Promise<T> {
    const requestId = res.headers.get("x-request-id") ?? undefined;
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok && json !== undefined) return json as T;
    const error = (json as { error?: PayrelayError["raw"] } | undefined)?.error;
    if (error && typeof error.type === "string" && typeof error.code === "string") {
      throw new PayrelayError({ type: error.type, code: error.code, message: error.message, status: res.status, param: error.param, requestId, raw: error });
    }
    throw new PayrelayError({
      type: "internal",
      code: "invalid_response",
      message: `${method} ${url.pathname} answered ${res.status} without a payrelay JSON body`,
      status: res.status,
      requestId,
    });
  }
}
