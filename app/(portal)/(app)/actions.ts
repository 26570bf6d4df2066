"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { MODE_COOKIE, requireMerchant } from "@/lib/auth/session";

const SECTIONS = new Set(["dashboard", "goods", "payment-links", "orders", "channels", "keys", "webhooks", "account"]);

/**
 * The test/live switch. The mode lives in a cookie read by every page; switching goes back to the
 * section's list, because an object of one mode does not exist in the other.
 */
export async function switchMode(form: FormData): Promise<void> {
  await requireMerchant();
  const mode = form.get("mode") === "live" ? "live" : "test";
  (await cookies()).set(MODE_COOKIE, mode, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 86400 });
  const section = String(form.get("section") ?? "");
  redirect(`/${SECTIONS.has(section) ? section : "dashboard"}`);
}
