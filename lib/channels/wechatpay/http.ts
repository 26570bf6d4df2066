import { PayRequest } from "wechatpay-node-v3/dist/lib/pay-request.js";
import type { Output } from "wechatpay-node-v3/dist/lib/interface-v2";
import { ChannelError } from "../errors";
import { parseJson } from "../json";

/** wechatpay-node-v3 hard-codes this host in every URL it builds (and strips it before signing). */
export const WECHATPAY_HOST = "https://api.mch.weixin.qq.com";

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The exact body text: the response signature covers these bytes. */
  body: string;
}

/**
 * The HTTP service handed to wechatpay-node-v3 via createHttp. It lets the SDK build and sign the
 * request, then (1) sends it to our apiBase instead of the hard-coded host (the signed path is
 * still `/v3/…`, which is what WeChat and the sandbox verify), (2) enforces a timeout, and (3) keeps
 * the raw response, whose headers the stock PayRequest throws away: we verify its signature ourselves.
 * One instance serves one call, so concurrent calls never see each other's response.
 */
export class RedirectingPayRequest extends PayRequest {
  private captured: RawResponse | null = null;

  constructor(
    private readonly apiBase: string,
    private readonly timeoutMs: number,
    private readonly extraHeaders: Record<string, string>,
  ) {
    super();
  }

  override post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    // The SDK signed JSON.stringify of this very object, so this is byte-for-byte the signed body.
    return this.send(url, { method: "POST", body: JSON.stringify(params), headers });
  }

  override get(url: string, headers: Record<string, string>): Promise<Output> {
    return this.send(url, { method: "GET", headers });
  }

  override upload(): Promise<Output> {
    return Promise.reject(new Error("uploads are not used by payrelay"));
  }

  /** Whether an answer came back (so the channel may have acted on the call). */
  sent(): boolean {
    return this.captured !== null;
  }

  /** The response of the call this instance served. */
  response(): RawResponse {
    if (!this.captured) throw new Error("wechatpay-node-v3 returned without calling the HTTP service");
    return this.captured;
  }

  private target(url: string): string {
    if (!url.startsWith(`${WECHATPAY_HOST}/`)) throw new Error(`unexpected WeChat Pay URL ${url}`);
    return `${this.apiBase.replace(/\/+$/, "")}${url.slice(WECHATPAY_HOST.length)}`;
  }

  private async send(url: string, init: { method: string; body?: string; headers: Record<string, string> }): Promise<Output> {
    // fetch negotiates and decodes compression itself; the SDK's hand-set Accept-Encoding is dropped.
    const { "Accept-Encoding": _encoding, ...headers } = init.headers;
    let res: Response;
    let body: string;
    try {
      res = await fetch(this.target(url), {
        method: init.method,
        body: init.body,
        headers: { ...headers, ...this.extraHeaders },
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await res.text();
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === "TimeoutError";
      throw new ChannelError("network_error", timedOut ? `WeChat Pay did not answer within ${this.timeoutMs} ms` : "WeChat Pay unreachable", {
        createdAtChannel: "unknown",
        cause: err,
      });
    }
    this.captured = { status: res.status, headers: res.headers, body };
    // What the SDK expects back (it reads data.prepay_id after a jsapi 200); we use `captured`.
    return res.ok ? { status: res.status, data: parseJson(body) ?? {} } : { status: res.status, error: body };
  }
}
