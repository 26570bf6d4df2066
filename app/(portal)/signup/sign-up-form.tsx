"use client";

import { useActionState, useEffect, useState } from "react";
import { signIn } from "next-auth/react";
import { Field, Notice, buttonStyles } from "../_components/ui";
import { CopyButton, SubmitButton } from "../_components/client";
import { signUpAction, type SignUpState } from "./actions";

export function SignUpForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [state, action] = useActionState<SignUpState, FormData>(signUpAction, {});
  const [password, setPassword] = useState("");
  const [signInError, setSignInError] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState(false);

  // The account exists: sign in with the password still in memory, then show the test keys once.
  useEffect(() => {
    if (!state.created) return;
    signIn("credentials", { redirect: false, email: state.created.email, password }).then((r) => {
      if (r?.error) setSignInError("Your account was created, but signing in failed. Sign in with your email and password.");
      else setSignedIn(true);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.created]);

  if (state.created) {
    return (
      <div className="space-y-4" data-testid="signup-keys">
        <Notice tone="success">Your account is ready. These are your test keys; the secret key is shown only now, so copy it somewhere safe.</Notice>
        <KeyRow label="Test secret key (your server)" value={state.created.testSecretKey} />
        <KeyRow label="Test publishable key (your frontend)" value={state.created.testPublishableKey} />
        {signInError ? <Notice tone="error">{signInError}</Notice> : null}
        {/* A full page load, so the portal's layout reads the fresh session cookie. */}
        <a href={signInError ? "/signin" : "/dashboard"} aria-disabled={!signedIn && !signInError} className={`${buttonStyles.primary} w-full ${!signedIn && !signInError ? "pointer-events-none opacity-60" : ""}`}>
          {signedIn ? "Continue to your dashboard" : signInError ? "Go to sign in" : "Signing you in…"}
        </a>
      </div>
    );
  }

  return (
    <form action={action} className="space-y-4" noValidate>
      <Field label="Company name" name="name" autoComplete="organization" required defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={state.fieldErrors?.password}
        hint={`At least ${minPasswordLength} characters. A passphrase of a few words works well.`}
      />
      <SubmitButton pendingLabel="Creating your account…" className="w-full">
        Create account
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
