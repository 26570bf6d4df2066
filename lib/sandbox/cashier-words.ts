import type { Locale } from "../i18n/locales";
import type { SandboxTradeStatus } from "./store";

/**
 * The sandbox cashier's words. It stands in for Alipay's and WeChat's own pages, so it speaks
 * Chinese unless the browser prefers English; trade states are shown as a buyer reads them
 * (等待付款), the protocol's code (WAIT_BUYER_PAY) only in the developer panel.
 */
const WORDS = {
  "zh-CN": {
    banner: "测试模式 · payrelay 沙箱 · 不会产生真实扣款",
    provider: { alipay: "支付宝", wechatpay: "微信支付" },
    merchant: "收款方",
    subject: "商品",
    order: "商户订单号",
    pay: "确认付款",
    cancel: "取消付款",
    back: "返回商户",
    failed: "支付失败",
    failedHint: "付款未成功，没有扣款。可以返回商户重新支付。",
    notPayable: "该交易已无法支付。",
    developer: "开发者选项（模拟结果）",
    outcomes: {
      pay_no_notify: ["付款，但不发通知", "模拟丢失的回调：只有主动查询才能发现"],
      notify_twice: ["付款，通知两次", "同一条通知到达两次"],
      reject: ["付款失败", "模拟银行拒绝：买家付款不成功"],
    },
    delay: "延迟（秒）",
    notifyDelayed: "付款，延迟后再通知",
    refundsTitle: "此交易的退款",
    refunds: { succeed: "退款成功", fail: "退款失败", notify_twice: "退款成功，通知两次", processing: "退款处理中，延迟后成功" },
    refundScript: "已退款 ¥{refunded} · 后续退款：{script}",
    statusCode: "协议状态码",
    done: "已执行：{done}",
    status: {
      WAIT_BUYER_PAY: "等待付款",
      TRADE_SUCCESS: "支付成功",
      TRADE_CLOSED: "交易已关闭",
      TRADE_FINISHED: "交易完结",
      NOTPAY: "等待付款",
      SUCCESS: "支付成功",
      CLOSED: "交易已关闭",
      PAYERROR: "支付失败",
      REFUND: "已转入退款",
    } satisfies Record<SandboxTradeStatus, string>,
  },
  en: {
    banner: "TEST MODE · payrelay sandbox · no real money",
    provider: { alipay: "Alipay", wechatpay: "WeChat Pay" },
    merchant: "Merchant",
    subject: "Item",
    order: "Merchant order no.",
    pay: "Pay",
    cancel: "Cancel",
    back: "Back to the merchant",
    failed: "Payment failed",
    failedHint: "The payment did not go through and nothing was charged. Go back to the merchant to try again.",
    notPayable: "This trade can no longer be paid.",
    developer: "Developer options (scripted outcomes)",
    outcomes: {
      pay_no_notify: ["Pay, never notify", "a missed callback: only a query finds it"],
      notify_twice: ["Pay, notify twice", "the same notification arrives twice"],
      reject: ["Reject the payment", "the buyer's payment fails"],
    },
    delay: "Delay (s)",
    notifyDelayed: "Pay, notify after the delay",
    refundsTitle: "Refunds of this trade",
    refunds: { succeed: "Refunds succeed", fail: "Refunds fail", notify_twice: "Refunds succeed, notify twice", processing: "Stay processing, succeed after the delay" },
    refundScript: "Refunded ¥{refunded} · next refunds: {script}",
    statusCode: "Protocol status",
    done: "done: {done}",
    status: {
      WAIT_BUYER_PAY: "Waiting for payment",
      TRADE_SUCCESS: "Paid",
      TRADE_CLOSED: "Closed",
      TRADE_FINISHED: "Finished",
      NOTPAY: "Waiting for payment",
      SUCCESS: "Paid",
      CLOSED: "Closed",
      PAYERROR: "Payment failed",
      REFUND: "Refunded",
    } satisfies Record<SandboxTradeStatus, string>,
  },
} as const;

export type CashierWords = (typeof WORDS)["zh-CN"] | (typeof WORDS)["en"];

export function cashierWords(locale: Locale): CashierWords {
  return WORDS[locale];
}

/** "{name}" placeholders filled in. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}
