import type { Ih5, Ijsapi } from "wechatpay-node-v3/dist/lib/interface";
import { z } from "zod";
import { formatBeijingRfc3339, parseRfc3339 } from "../beijing-time";
import { ChannelError, invalidInput } from "../errors";
import { parsePrivateKey, parsePublicKey } from "../keys";
import type {
  Acknowledgement,
  ChannelOptions,
  ClosePaymentResult,
  CreatePaymentInput,
  CreatePaymentResult,
  NormalisedNotification,
  NotificationRequest,
  PaymentChannel,
  QueryPaymentResult,
  WechatpayCredentials,
} from "../types";
import { callWechat, signedErrorCode, wechatError, type WechatAnswer, type WechatContext } from "./client";
import { jsapiPayParams } from "./jsapi";
import { parseWechatNotification } from "./notification";
import { wechatTradeStatus, wechatTransactionSchema } from "./transaction";

const DEFAULT_TIMEOUT_MS = 10_000;
/** WeChat's limit on `description`. */
const MAX_DESCRIPTION = 127;
/**
 * WeChat's rule for out_trade_no. Enforced before every call because wechatpay-node-v3 pastes it
 * into the URL path unencoded: a "/" or "?" would change which resource we sign for and ask about.
 */
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;

function checkOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw invalidInput("outTradeNo must be 6-32 letters, digits or _-|*");
}

const h5Answer = z.object({ h5_url: z.url() });
const jsapiAnswer = z.object({ prepay_id: z.string().min(1) });

/**
 * wechat_h5 (H5 / MWEB) and wechat_jsapi (in the WeChat browser / official account), WeChat Pay
 * APIv3 in direct-merchant mode. One class: the two differ only in how an order is created and what
 * the front end receives.
 */
export class WechatChannel implements PaymentChannel {
  private readonly ctx: WechatContext;

  constructor(
    readonly id: "wechat_h5" | "wechat_jsapi",
    private readonly creds: WechatpayCredentials,
    options: ChannelOptions = {},
  ) {
    if (Buffer.byteLength(creds.apiV3Key, "utf8") !== 32) {
      throw new ChannelError("invalid_credentials", "apiV3Key must be 32 characters", { createdAtChannel: "no" });
    }
    this.ctx = {
      creds,
      merchantKey: parsePrivateKey(creds.privateKey, "privateKey"),
      platform: { key: parsePublicKey(creds.platformPublicKey, "platformPublicKey"), id: creds.platformPublicKeyId },
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now: options.now ?? (() => new Date()),
    };
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 1) throw invalidInput("amountFen must be a positive integer");
    checkOutTradeNo(input.outTradeNo);
    // Our `attach` stays with us: it is handed back from our own records, never round-tripped via WeChat.
    const order = {
      description: Array.from(input.subject).slice(0, MAX_DESCRIPTION).join(""),
      out_trade_no: input.outTradeNo,
      time_expire: formatBeijingRfc3339(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: "CNY" },
    };
    return this.id === "wechat_h5" ? this.createH5(order, input) : this.createJsapi(order, input);
  }

  private async createH5(order: Omit<Ih5, "scene_info">, input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!input.clientIp) throw invalidInput("wechat_h5 needs the buyer's clientIp");
    // The SDK's type demands h5_info.app_name, which WeChat only wants for iOS/Android apps.
    const params = { ...order, scene_info: { payer_client_ip: input.clientIp, h5_info: { type: "Wap" } } } as Ih5;
    const answer = await callWechat(this.ctx, (pay) => pay.transactions_h5(params));
    const { h5_url: h5Url } = this.parse2xx("transactions/h5", answer, h5Answer);
    // WeChat sends the buyer back to redirect_url after paying (else to the page that opened h5_url).
    const withReturn = input.returnUrl ? `${h5Url}${h5Url.includes("?") ? "&" : "?"}redirect_url=${encodeURIComponent(input.returnUrl)}` : h5Url;
    return { payParams: { h5Url: withReturn } };
  }

  private async createJsapi(order: Omit<Ijsapi, "payer">, input: CreatePaymentInput): Promise<CreatePaymentResult> {
    if (!input.openId) throw invalidInput("wechat_jsapi needs the buyer's openId");
    const params: Ijsapi = { ...order, payer: { openid: input.openId } };
    const answer = await callWechat(this.ctx, (pay) => pay.transactions_jsapi(params));
    const { prepay_id: prepayId } = this.parse2xx("transactions/jsapi", answer, jsapiAnswer);
    return { payParams: jsapiPayParams(this.creds.appId, prepayId, this.ctx.merchantKey, this.ctx.now()) };
  }

  async queryPayment(outTradeNo: string): Promise<QueryPaymentResult> {
    checkOutTradeNo(outTradeNo);
    const answer = await callWechat(this.ctx, (pay) => pay.query({ out_trade_no: outTradeNo }));
    if (signedErrorCode(answer) === "ORDER_NOT_EXIST") return { status: "not_found", raw: answer.json };
    const tx = this.parse2xx("query", answer, wechatTransactionSchema);
    if (tx.out_trade_no !== outTradeNo || tx.mchid !== this.creds.mchId) {
      throw new ChannelError("response_mismatch", "WeChat Pay answered about another order or merchant");
    }
    const status = wechatTradeStatus(tx.trade_state);
    if (!status) throw new ChannelError("invalid_response", `query: unknown trade_state ${tx.trade_state}`);
    return {
      status,
      channelTradeNo: tx.transaction_id,
      amountFen: tx.amount.total,
      paidAt: status === "paid" ? parseRfc3339(tx.success_time) : undefined,
      raw: answer.json,
    };
  }

  async closePayment(outTradeNo: string): Promise<ClosePaymentResult> {
    checkOutTradeNo(outTradeNo);
    const answer = await callWechat(this.ctx, (pay) => pay.close(outTradeNo));
    if (answer.status >= 200 && answer.status < 300) return { result: "closed" };
    switch (signedErrorCode(answer)) {
      case "ORDERPAID":
        return { result: "already_paid" };
      case "ORDERCLOSED":
      case "ORDER_CLOSED":
        return { result: "closed" };
      case "ORDER_NOT_EXIST":
        return { result: "not_found" };
      default:
        throw wechatError("close", answer);
    }
  }

  async parseNotification(req: NotificationRequest): Promise<NormalisedNotification> {
    return parseWechatNotification(req, this.ctx.platform, this.creds.apiV3Key, this.ctx.now());
  }

  acknowledge(ok: boolean, message = "处理失败，请稍后重试"): Acknowledgement {
    // WeChat looks only at the status: 2xx = received, 4xx/5xx = send again (body shown in its console).
    if (ok) return { status: 204, body: "", contentType: "application/json; charset=utf-8" };
    return { status: 500, body: JSON.stringify({ code: "FAIL", message }), contentType: "application/json; charset=utf-8" };
  }

  /** A signature-checked 2xx body in the expected shape, or the error WeChat answered. */
  private parse2xx<T>(operation: string, answer: WechatAnswer, schema: z.ZodType<T>): T {
    if (answer.status < 200 || answer.status >= 300) throw wechatError(operation, answer);
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) throw new ChannelError("invalid_response", `${operation}: unexpected answer from WeChat Pay`, { httpStatus: answer.status });
    return parsed.data;
  }
}
