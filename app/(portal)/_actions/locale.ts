"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";

/**
 * The language switch: the choice is remembered for a year in a cookie that i18n/request.ts reads
 * before Accept-Language. Setting a cookie in a server action re-renders the current page.
 */
export async function setLocaleAction(form: FormData): Promise<void> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 86400 });
}
