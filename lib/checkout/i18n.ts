import { negotiateLocale, type Locale } from "../i18n/locales";
import { deviceOf } from "./device";

export type { Locale };

/** The hosted checkout speaks Simplified Chinese unless the browser prefers English (no cookie: buyers never chose). */
export const pickLocale = (acceptLanguage: string | null): Locale => negotiateLocale(acceptLanguage, "zh-CN");

const MESSAGES = {
  "zh-CN": {
    title: "收银台",
    merchant: "收款方",
    goods: "商品",
    quantity: "数量",
    amount: "应付金额",
    choose: "选择支付方式",
    alipay: "支付宝",
    wechat: "微信支付",
    pay: "确认支付",
    testMode: "测试模式 · 不会产生真实扣款",
    confirming: "正在确认支付结果…",
    confirmingHint: "如果您已完成支付，请稍候，页面会自动更新。",
    paid: "支付成功",
    paidHint: "正在返回商户页面…",
    alreadyPaid: "该订单已支付",
    continue: "返回商户",
    expired: "支付已超时",
    expiredHint: "该收银台已过期，请返回商户重新下单。",
    cancelled: "已取消支付",
    cancelledHint: "您可以重新选择支付方式。",
    cancel: "取消支付",
    retry: "重新选择支付方式",
    insideWechat: "在微信中请使用微信支付；如需支付宝，请在浏览器中打开此页面。",
    unavailable: "暂时无法发起支付",
    notFound: "收银台不存在",
    openingWechat: "正在打开微信支付…",
    scanToPay: "请使用手机扫码支付",
    scanWechat: "微信扫一扫",
    scanAlipay: "支付宝扫一扫",
    expiresIn: "剩余支付时间",
    alipayPc: "在电脑上登录支付宝付款",
    linkGone: "支付链接已失效",
    linkGoneHint: "该支付链接不存在或已过期，请返回商户重新下单。",
    failed: "支付失败，请重试",
    failedHint: "本次付款没有成功，您的钱没有被扣。可以重新选择支付方式。",
    paidAmount: "实付金额",
    orderNo: "订单号",
    description: "商品说明",
    timeLeft: "剩余支付时间",
  },
  en: {
    title: "Checkout",
    merchant: "Pay to",
    goods: "Item",
    quantity: "Quantity",
    amount: "Amount due",
    choose: "Choose how to pay",
    alipay: "Alipay",
    wechat: "WeChat Pay",
    pay: "Pay",
    testMode: "Test mode · no real money moves",
    confirming: "Confirming your payment…",
    confirmingHint: "If you have paid, please wait: this page updates by itself.",
    paid: "Payment successful",
    paidHint: "Taking you back to the merchant…",
    alreadyPaid: "This order is already paid",
    continue: "Back to the merchant",
    expired: "This checkout has expired",
    expiredHint: "Please return to the merchant and order again.",
    cancelled: "Payment cancelled",
    cancelledHint: "You can choose a payment method again.",
    cancel: "Cancel",
    retry: "Choose another way to pay",
    insideWechat: "Inside WeChat, pay with WeChat Pay; to use Alipay, open this page in your browser.",
    unavailable: "Payment cannot be started right now",
    notFound: "Checkout not found",
    openingWechat: "Opening WeChat Pay…",
    scanToPay: "Scan with your phone to pay",
    scanWechat: "Scan with WeChat",
    scanAlipay: "Scan with Alipay",
    expiresIn: "Time left to pay",
    alipayPc: "Or pay on Alipay's website (log in on this computer)",
    linkGone: "This payment link is no longer valid",
    linkGoneHint: "The link does not exist or has expired. Please return to the merchant and order again.",
    failed: "Payment failed, please try again",
    failedHint: "This payment did not go through and nothing was charged. You can choose a payment method again.",
    paidAmount: "Amount paid",
    orderNo: "Order number",
    description: "Description",
    timeLeft: "Time left to pay",
  },
} as const;

export type Messages = Record<keyof (typeof MESSAGES)["en"], string>;

export function messages(locale: Locale): Messages {
  return MESSAGES[locale];
}

export const isWechatBrowser = (userAgent: string | null) => deviceOf(userAgent) === "wechat";
