import type { Metadata } from "next";
import { messages, type Locale } from "@/lib/checkout/i18n";
import { loadCheckoutPage } from "@/lib/checkout/page-data";

/** "拿铁 Latte · 小满咖啡": the goods and the merchant, for the tab and WeChat's title bar. */
export async function checkoutTitle(sessionId: string, locale: Locale): Promise<Metadata> {
  const t = messages(locale);
  const data = await loadCheckoutPage(sessionId);
  if (!data || data.session.status === "expired") return { title: `${t.linkGone} · ${t.title}` };
  return { title: `${data.goodsName} · ${data.merchantName || t.title}` };
}
