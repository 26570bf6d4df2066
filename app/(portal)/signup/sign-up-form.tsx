"use client";

import { useActionState, useEffect, useState } from "react";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Field, Notice, buttonStyles } from "../_components/ui";
import { CopyButton, SubmitButton } from "../_components/client";
import { signUpAction, type SignUpState } from "./actions";

export function SignUpForm({ minPasswordLength }: { minPasswordLength: number }) {
  const t = useTranslations("auth");
  const [state, action] = useActionState<SignUpState, FormData>(signUpAction, {});
  const [password, setPassword] = useState("");
  const [signInFailed, setSignInFailed] = useState(false);
  const [signedIn, setSignedIn] = useState(false);

  // The account exists: sign in with the password still in memory, then show the test keys once.
  useEffect(() => {
    if (!state.created) return;
    signIn("credentials", { redirect: false, email: state.created.email, password }).then((r) => {
      if (r?.error) setSignInFailed(true);
      else setSignedIn(true);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.created]);

  if (state.created) {
    return (
      <div className="space-y-4" data-testid="signup-keys">
        <Notice tone="success">{t("signUp.ready")}</Notice>
        <KeyRow label={t("signUp.secretKey")} value={state.created.testSecretKey} />
        <KeyRow label={t("signUp.publishableKey")} value={state.created.testPublishableKey} />
        {signInFailed ? <Notice tone="error">{t("signUp.signInFailed")}</Notice> : null}
        {/* A full page load, so the portal's layout reads the fresh session cookie. */}
        <a href={signInFailed ? "/signin" : "/dashboard"} aria-disabled={!signedIn && !signInFailed} className={`${buttonStyles.primary} w-full ${!signedIn && !signInFailed ? "pointer-events-none opacity-60" : ""}`}>
          {signedIn ? t("signUp.continue") : signInFailed ? t("signUp.goToSignIn") : t("signUp.signingIn")}
        </a>
      </div>
    );
  }

  return (
    <form action={action} className="space-y-4" noValidate>
      {state.formError ? (
        <div data-testid="signup-error">
          <Notice tone="error">{state.formError}</Notice>
        </div>
      ) : null}
      <Field label={t("signUp.companyName")} name="name" autoComplete="organization" required defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <Field label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={state.fieldErrors?.password}
        hint={t("signUp.passwordHint", { min: minPasswordLength })}
      />
      <SubmitButton pendingLabel={t("signUp.pending")} className="w-full">
        {t("signUp.submit")}
      </SubmitButton>
    </form>
  );
}

function KeyRow({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="mt-1 flex items-center gap-2">
        <code className="flex-1 overflow-x-auto rounded-lg bg-slate-100 px-3 py-2 font-mono text-xs" data-testid="new-key">
          {value}
        </code>
        <CopyButton value={value} />
      </div>
    </div>
  );
}
