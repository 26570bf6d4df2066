import { cache } from "react";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { authOptions } from "./options";
import { getPortalMerchant } from "../portal/merchant";
import { ApiError } from "../api/errors";
import type { Owner } from "../owner";

export const MODE_COOKIE = "payrelay_mode";

export type PortalContext = {
  merchantId: string;
  /** The signed-in portal user (the account page changes its email and password). */
  userId: string;
  merchantName: string;
  email: string | null;
  livemode: boolean;
  /** The scope every portal query runs in: this merchant, this mode. */
  owner: Owner;
};

/** The signed-in merchant, or null. Cached per request: the layout and the page share one lookup. */
export const currentMerchant = cache(async (): Promise<PortalContext | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.merchantId) return null;
  const merchant = await getPortalMerchant(session.merchantId, session.userId);
  if (!merchant) return null;
  const livemode = (await cookies()).get(MODE_COOKIE)?.value === "live";
  return {
    merchantId: merchant.id,
    userId: session.userId,
    merchantName: merchant.name,
    email: merchant.email,
    livemode,
    owner: { merchantId: merchant.id, livemode },
  };
});

/** Every portal page and server action starts here: no session → the sign-in page. */
export async function requireMerchant(): Promise<PortalContext> {
  const ctx = await currentMerchant();
  if (!ctx) redirect("/signin");
  return ctx;
}

/**
 * Runs a lookup scoped to the merchant and mode; "not found" (which is also what another merchant's
 * id or the other mode's id gives) becomes the portal's 404 page.
 */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof ApiError && error.type === "not_found") notFound();
    throw error;
  }
}
