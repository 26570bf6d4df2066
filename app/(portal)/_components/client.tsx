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

/**
 * Copies a value; says so for screen readers too. `name` is its accessible name when several copy
 * buttons share a page ("Copy goods id goods_…"); the value also sits in data-copy for scripts.
 */
export function CopyButton({ value, label, name, small = false }: { value: string; label?: string; name?: string; small?: boolean }) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={name}
      data-copy={value}
      className={small ? `${buttonStyles.secondary} shrink-0 !px-2 !py-0.5 !text-xs` : `${buttonStyles.secondary} shrink-0`}
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

/** A value in monospace with its copy button beside it, wrapping on a phone instead of widening the page. */
export function CopyableId({ value, name }: { value: string; name: string }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1.5 align-middle">
      <span className="min-w-0 break-all font-mono text-xs">{value}</span>
      <CopyButton value={value} name={name} small />
    </span>
  );
}
