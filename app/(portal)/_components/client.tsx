"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { buttonStyles } from "./ui";

/** A submit button that says what is happening while its form's server action runs. */
export function SubmitButton({ children, pendingLabel, variant = "primary", name, value, className = "" }: { children: ReactNode; pendingLabel?: string; variant?: keyof typeof buttonStyles; name?: string; value?: string; className?: string }) {
  const { pending } = useFormStatus();
  const t = useTranslations("common");
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={`${buttonStyles[variant]} ${className}`}>
      {pending ? (pendingLabel ?? t("working")) : children}
    </button>
  );
}

/** Copies a value; says so for screen readers too. */
export function CopyButton({ value, label }: { value: string; label?: string }) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={buttonStyles.secondary}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          // Clipboard access can be refused (insecure origin); select-and-copy still works on the shown text.
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      <span aria-live="polite">{copied ? t("copied") : (label ?? t("copy"))}</span>
    </button>
  );
}
