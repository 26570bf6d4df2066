import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "../db/client";
import { merchants } from "../db/schema";
import { invalid, notFound } from "../api/errors";

export const MAX_REDIRECT_DOMAINS = 20;

/**
 * One redirect domain: a host name ("shop.example"), or "*.shop.example" for every sub-domain of
 * it. Stored the way a URL's hostname reads (lower case, punycode), so matching is a comparison.
 */
export const redirectDomainSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .transform((v, ctx) => {
    const wildcard = v.startsWith("*.");
    const host = normalHost(wildcard ? v.slice(2) : v);
    if (!host) {
      ctx.addIssue({ code: "custom", message: "must be a host name such as shop.example or *.shop.example (no scheme, port or path)" });
      return z.NEVER;
    }
    return wildcard ? `*.${host}` : host;
  });

/** The host as a URL would show it, or null when the text is more (or less) than a host name. */
function normalHost(text: string): string | null {
  if (!/^[^\s/:?#@\\[\]*%]+$/u.test(text)) return null;
  try {
    const host = new URL(`https://${text}/`).hostname;
    return host && !host.endsWith(".") && host.length <= 253 ? host : null;
  } catch {
    return null;
  }
}

export const setRedirectDomainsSchema = z
  .object({ domains: z.array(redirectDomainSchema).max(MAX_REDIRECT_DOMAINS) })
  .strict();

export type RedirectDomainsView = { object: "redirect_domains"; domains: string[] };

export async function getRedirectDomains(merchantId: string): Promise<RedirectDomainsView> {
  const [row] = await db().select({ domains: merchants.redirectDomains }).from(merchants).where(eq(merchants.id, merchantId)).limit(1);
  if (!row) throw notFound("merchant", merchantId);
  return { object: "redirect_domains", domains: row.domains ?? [] };
}

/** Replaces the whole list (PUT semantics: what is sent is what is kept), duplicates dropped. */
export async function setRedirectDomains(merchantId: string, domains: string[]): Promise<RedirectDomainsView> {
  const unique = [...new Set(domains)];
  await db().update(merchants).set({ redirectDomains: unique }).where(eq(merchants.id, merchantId));
  return { object: "redirect_domains", domains: unique };
}

/** Whether a URL's host is one of the domains ("*.x" covers every sub-domain of x, not x itself). */
export function redirectAllowed(url: string, domains: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return domains.some((d) => (d.startsWith("*.") ? host.endsWith(d.slice(1)) && host.length > d.length - 1 : host === d));
}

/**
 * A publishable key is public, so whoever holds it could otherwise make payrelay's checkout send a
 * buyer anywhere after paying (an open redirect on our domain). Its sessions may only return to the
 * merchant's listed domains; a secret key is the merchant's own server and is trusted as it is.
 */
export async function checkPublishableRedirects(merchantId: string, urls: Record<string, string | undefined>): Promise<void> {
  const { domains } = await getRedirectDomains(merchantId);
  for (const [param, url] of Object.entries(urls)) {
    if (url === undefined || redirectAllowed(url, domains)) continue;
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    throw invalid(
      "redirect_domain_not_allowed",
      domains.length === 0
        ? `A checkout session made with a publishable key must return to one of your redirect domains, and none is listed. Add ${host} in the portal (API keys → Redirect domains) or with PUT /api/v1/redirect-domains, or create the session with your secret key.`
        : `${param}'s host ${host} is not one of your redirect domains (${domains.join(", ")}). Add it in the portal or with PUT /api/v1/redirect-domains, or create the session with your secret key.`,
      param,
    );
  }
}
