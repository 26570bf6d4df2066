"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { switchMode } from "./actions";
import { LocaleSwitch } from "../_components/locale-switch";

/** Each section's path and its label's message key. */
const SECTIONS = [
  ["dashboard", "dashboard"],
  ["orders", "orders"],
  ["goods", "goods"],
  ["payment-links", "paymentLinks"],
  ["channels", "channels"],
  ["keys", "keys"],
  ["webhooks", "webhooks"],
] as const;

export function PortalNav({ merchantName, email, livemode }: { merchantName: string; email: string | null; livemode: boolean }) {
  const pathname = usePathname();
  const section = pathname.split("/")[1] ?? "dashboard";
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const t = useTranslations("nav");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/dashboard" className="text-lg font-semibold tracking-tight text-indigo-700">
          payrelay
        </Link>
        <button
          type="button"
          className="ml-auto rounded-lg border border-slate-300 px-3 py-1.5 text-sm md:hidden"
          aria-expanded={open}
          aria-controls="portal-nav"
          onClick={() => setOpen(!open)}
        >
          {t("menu")}
        </button>
        <nav id="portal-nav" aria-label={t("label")} className={`${open ? "flex" : "hidden"} w-full flex-col gap-1 md:flex md:w-auto md:flex-row md:gap-1`}>
          {SECTIONS.map(([s, label]) => {
            const active = section === s;
            return (
              <Link
                key={s}
                href={`/${s}`}
                aria-current={active ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {t(label)}
              </Link>
            );
          })}
        </nav>
        <div className="flex w-full flex-wrap items-center gap-3 md:ml-auto md:w-auto">
          <form action={switchMode} className="flex items-center" aria-label={t("modeGroup")}>
            <input type="hidden" name="section" value={section} />
            <span className="mr-2 text-xs font-medium text-slate-500" id="mode-label">
              {t("mode")}
            </span>
            <div role="group" aria-labelledby="mode-label" className="inline-flex rounded-lg border border-slate-300 p-0.5">
              <button
                name="mode"
                value="test"
                aria-pressed={!livemode}
                className={`rounded-md px-2.5 py-1 text-xs font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${!livemode ? "bg-amber-400 text-amber-950" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {t("test")}
              </button>
              <button
                name="mode"
                value="live"
                aria-pressed={livemode}
                className={`rounded-md px-2.5 py-1 text-xs font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${livemode ? "bg-emerald-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {t("live")}
              </button>
            </div>
          </form>
          <LocaleSwitch />
          <span className="hidden text-sm text-slate-600 lg:inline" title={email ?? undefined}>
            {merchantName}
          </span>
          <Link
            href="/account"
            aria-current={section === "account" ? "page" : undefined}
            className={`rounded-md px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${section === "account" ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {t("account")}
          </Link>
          <button
            type="button"
            onClick={async () => {
              await signOut({ redirect: false });
              router.push("/signin");
              router.refresh();
            }}
            className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            {t("signOut")}
          </button>
        </div>
      </div>
    </header>
  );
}
