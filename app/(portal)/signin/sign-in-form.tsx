"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field, Notice, buttonStyles } from "../_components/ui";

/** next-auth's error codes (lib/auth/options.ts) that have their own sentence; any other gets the default. */
const KNOWN_ERRORS = ["CredentialsSignin", "suspended"] as const;

export function SignInForm({ initialError }: { initialError?: string }) {
  const t = useTranslations("auth");
  const describe = (code: string) => {
    // "rate_limited:<seconds>": how long this address must wait for this email.
    const limited = /^rate_limited(?::(\d{1,7}))?$/.exec(code);
    if (limited) return t("signIn.errors.rate_limited", { minutes: Math.max(1, Math.ceil(Number(limited[1] ?? 900) / 60)) });
    const known = KNOWN_ERRORS.find((k) => k === code);
    return known ? t(`signIn.errors.${known}`) : t("signIn.errors.default");
  };
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setPending(true);
        setError(undefined);
        const result = await signIn("credentials", { redirect: false, email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
        setPending(false);
        if (!result || result.error) {
          setError(result?.error ?? "");
          return;
        }
        router.push("/dashboard");
        router.refresh();
      }}
    >
      {error !== undefined ? (
        <div data-testid="signin-error">
          <Notice tone="error">{describe(error)}</Notice>
        </div>
      ) : null}
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <Field label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? t("signIn.pending") : t("signIn.submit")}
      </button>
    </form>
  );
}
