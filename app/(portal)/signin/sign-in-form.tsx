"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Field, Notice, buttonStyles } from "../_components/ui";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  rate_limited: "Too many failed sign-ins. Wait 15 minutes and try again.",
  suspended: "This account is suspended. Contact the payrelay operator to have it resumed.",
};

export function SignInForm({ initialError }: { initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(initialError ? (MESSAGES[initialError] ?? "Sign-in failed. Try again.") : undefined);
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
          setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Try again.");
          return;
        }
        router.push("/dashboard");
        router.refresh();
      }}
    >
      {error ? (
        <div data-testid="signin-error">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
