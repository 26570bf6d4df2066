import { messages, type Locale, type Messages } from "../checkout/i18n";

export type LinkStateKind = "missing" | "gone" | "unavailable" | "busy" | "sessionExpired";

/** The HTTP status each page is served with: a crawler, a scanner app and a person all read it right. */
export const LINK_STATE_STATUS: Record<LinkStateKind, number> = { missing: 404, gone: 410, unavailable: 503, busy: 429, sessionExpired: 410 };

const TEXT: Record<LinkStateKind, [keyof Messages, keyof Messages]> = {
  missing: ["linkMissing", "linkMissingHint"],
  gone: ["linkGone", "linkGoneHint"],
  unavailable: ["linkUnavailable", "linkUnavailableHint"],
  busy: ["linkBusy", "linkBusyHint"],
  // A hosted checkout session past its expiry (app/checkout/[cs]/gone): the same words as its 404 page.
  sessionExpired: ["linkGone", "sessionGoneHint"],
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Why a payment link does not lead to a checkout, as a small self-contained page (a route handler
 * answers it, so it can carry its own status; Next's pages can only say 404). Our words only: it
 * names neither the merchant nor the goods, since an unknown id must say nothing about anyone.
 */
export function linkStatePage(kind: LinkStateKind, locale: Locale): string {
  const t = messages(locale);
  const [title, hint] = TEXT[kind].map((k) => escape(t[k]));
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f1f5f9;color:#0f172a}main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:1rem;padding:2rem 1.5rem;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.1)}h1{font-size:1.25rem;color:#be123c;margin:0 0 .75rem}p{color:#64748b;font-size:.875rem;line-height:1.5;margin:0}</style>
</head>
<body><main data-testid="${kind === "sessionExpired" ? "state-gone" : `link-${kind}`}" role="status"><h1>${title}</h1><p>${hint}</p></main></body>
</html>`;
}
