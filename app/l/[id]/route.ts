import { clientAddress } from "@/lib/api/client-address";
import { ApiError } from "@/lib/api/errors";
import { anonymousBudgets, enforceBudgets } from "@/lib/api/rate-limit";
import { pickLocale } from "@/lib/checkout/i18n";
import { logger } from "@/lib/log";
import { paymentLinkState, visitPaymentLink } from "@/lib/payment-links/visit";
import { LINK_STATE_STATUS, linkStatePage, type LinkStateKind } from "@/lib/payment-links/state-page";

type Ctx = { params: Promise<{ id: string }> };

const NO_STORE = { "cache-control": "no-store" };

/** A payment link opened: on to a checkout session of its own (lib/payment-links/visit.ts), or a page saying why not. */
export async function GET(req: Request, { params }: Ctx) {
  const { id } = await params;
  const locale = pickLocale(req.headers.get("accept-language"));
  const page = (kind: LinkStateKind, headers: Record<string, string> = {}) =>
    new Response(linkStatePage(kind, locale), { status: LINK_STATE_STATUS[kind], headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE, ...headers } });
  const ip = clientAddress(req.headers);
  // Every visit writes a session: a visitor is charged like any keyless request to the API.
  const headers: Record<string, string> = {};
  try {
    await enforceBudgets(anonymousBudgets(ip), headers, logger());
  } catch (error) {
    if (error instanceof ApiError && error.type === "rate_limited") return page("busy", headers);
    throw error;
  }
  const visit = await visitPaymentLink(id, { userAgent: req.headers.get("user-agent"), ip });
  if (visit.kind === "redirect") return new Response(null, { status: 303, headers: { location: visit.url, ...NO_STORE } });
  return page(visit.kind);
}

/** Next would answer HEAD with GET, opening a session per link preview; this only says whether the link works. */
export async function HEAD(_req: Request, { params }: Ctx) {
  const state = await paymentLinkState((await params).id);
  return new Response(null, { status: state.kind === "open" ? 200 : LINK_STATE_STATUS[state.kind], headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE } });
}
