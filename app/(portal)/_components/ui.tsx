import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ComponentProps, ReactNode } from "react";

/**
 * The portal's small, shared building blocks: one look for every page. They render in Server and
 * Client Components alike, so words come from next-intl's hooks, never from an await.
 */

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({ title, description, children, className = "", actions }: { title?: string; description?: ReactNode; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white p-5 shadow-sm ${className}`}>
      {title ? (
        <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
          <div>
            <h2 className="text-base font-semibold">{title}</h2>
            {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
          </div>
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

const buttonBase =
  "inline-flex items-center justify-center gap-1.5 rounded-lg px-3.5 py-2 text-sm font-medium transition focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-1 disabled:cursor-not-allowed disabled:opacity-60";
export const buttonStyles = {
  primary: `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-700 focus-visible:ring-indigo-500`,
  secondary: `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 focus-visible:ring-indigo-500`,
  danger: `${buttonBase} border border-red-200 bg-white text-red-700 hover:bg-red-50 focus-visible:ring-red-500`,
  ghost: `${buttonBase} text-slate-700 hover:bg-slate-100 focus-visible:ring-indigo-500`,
};

export function ButtonLink({ href, variant = "secondary", children, ...rest }: { href: string; variant?: keyof typeof buttonStyles; children: ReactNode } & Omit<ComponentProps<typeof Link>, "href" | "className">) {
  return (
    <Link href={href} className={buttonStyles[variant]} {...rest}>
      {children}
    </Link>
  );
}

const inputClass =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-100";

type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  multiline?: boolean;
  rows?: number;
} & Omit<ComponentProps<"input">, "name"> ;

/** A labelled input with its hint and its error right under it, wired with aria-describedby. */
export function Field({ label, name, error, hint, multiline, rows = 4, id, ...input }: FieldProps) {
  const fieldId = id ?? `f-${name}`;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
        {label}
        {input.required ? <span className="text-red-600" aria-hidden> *</span> : null}
      </label>
      {multiline ? (
        <textarea
          id={fieldId}
          name={name}
          rows={rows}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`${inputClass} font-mono text-xs`}
          defaultValue={input.defaultValue as string | undefined}
          placeholder={input.placeholder}
          required={input.required}
          autoComplete="off"
          spellCheck={false}
        />
      ) : (
        <input id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputClass} {...input} />
      )}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Select({ label, name, options, defaultValue, id }: { label: string; name: string; options: { value: string; label: string }[]; defaultValue?: string; id?: string }) {
  const fieldId = id ?? `f-${name}`;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={fieldId} name={name} defaultValue={defaultValue} className={inputClass}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const badgeTones = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  red: "bg-red-50 text-red-800 ring-red-600/20",
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
  blue: "bg-blue-50 text-blue-800 ring-blue-600/20",
};

export function Badge({ tone = "slate", children, testId }: { tone?: keyof typeof badgeTones; children: ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badgeTones[tone]}`}>
      {children}
    </span>
  );
}

const STATUS_TONE: Record<string, keyof typeof badgeTones> = {
  paid: "green",
  succeeded: "green",
  pending: "amber",
  closed: "slate",
  failed: "red",
  stopped: "red",
};

/** An order's or a delivery's status in words; a status this build has no words for shows as its code. */
export function StatusBadge({ status, kind }: { status: string; kind: "order" | "delivery" }) {
  const t = useTranslations("labels");
  const key = `${kind}Status.${status}` as "orderStatus.paid";
  return (
    <Badge tone={STATUS_TONE[status] ?? "slate"} testId="status">
      {t.has(key) ? t(key) : status}
    </Badge>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mx-auto mt-1 max-w-md text-sm text-slate-600">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

export function Notice({ tone = "info", children }: { tone?: "info" | "success" | "error" | "warn"; children: ReactNode }) {
  const tones = {
    info: "border-blue-200 bg-blue-50 text-blue-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
    error: "border-red-200 bg-red-50 text-red-900",
    warn: "border-amber-200 bg-amber-50 text-amber-900",
  };
  return (
    <div className={`rounded-lg border px-4 py-3 text-sm ${tones[tone]}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** A skeleton block for loading states. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div className={`animate-pulse rounded-lg bg-slate-200/70 ${className}`} aria-hidden />;
}

export function LoadingPage({ label }: { label?: string }) {
  const t = useTranslations("common");
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">{label ?? t("loading")}</span>
      <Skeleton className="mb-6 h-8 w-48" />
      <div className="grid gap-4 sm:grid-cols-3">
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
      <Skeleton className="mt-6 h-64" />
    </div>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return <span className="font-mono text-xs break-all">{children}</span>;
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function Table({ head, children, label }: { head: string[]; children: ReactNode; label: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label={label}>
        <thead className="bg-slate-50">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export const td = "whitespace-nowrap px-4 py-3 align-top";
export const tdWrap = "px-4 py-3 align-top";
