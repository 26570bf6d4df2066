import { config } from "../config";

/** The hosted checkout's pages and endpoints under /checkout/{cs}. */
export type CheckoutPage = "" | "return" | "jsapi" | "pay" | "oauth" | "status" | "done" | "gone";

/** `/checkout/{cs}[/page][?query]`: the one place a checkout URL is spelt, for links within the site. */
export function checkoutPath(sessionId: string, page: CheckoutPage = "", query?: Record<string, string>): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : "";
  return `/checkout/${sessionId}${page ? `/${page}` : ""}${search}`;
}

/** The same, absolute on PUBLIC_BASE_URL: for URLs handed to merchants, channels and redirects. */
export function checkoutUrl(sessionId: string, page: CheckoutPage = "", query?: Record<string, string>): string {
  return `${config().PUBLIC_BASE_URL}${checkoutPath(sessionId, page, query)}`;
}
