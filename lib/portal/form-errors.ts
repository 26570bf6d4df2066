import type { ZodError } from "zod";
import { msg, type Message, type MessageKey } from "../i18n/message";

/** Field → what is wrong with it, as a message to render in the reader's language. */
export type FieldErrors = Record<string, Message>;

/** What a server action hands back to its form, already in the reader's language. */
export type FormState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

/**
 * Why a zod issue failed, in the terms of formErrors.* in the message files. A refinement names its
 * own reason with `params: { reason }` (e.g. the password's "too_common").
 */
export type IssueReason = "required" | "too_short" | "too_long" | "too_small" | "too_big" | "format" | "invalid" | (string & {});

/**
 * A schema path's form field, its label, and the messages that replace the generic ones for some
 * reasons ("format" of an app id says what an app id looks like).
 */
export type FieldSpec = {
  field: string;
  label: MessageKey;
  reasons?: Partial<Record<IssueReason, MessageKey>>;
  /** How a min/max bound reads (a price bound in fen → "¥0.01"). */
  bound?: (n: number) => string;
};

type Issue = ZodError["issues"][number];

function reasonOf(issue: Issue): { reason: IssueReason; values: Record<string, number> } {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? { reason: "required", values: {} } : { reason: "too_short", values: { min: Number(issue.minimum) } };
      return { reason: "too_small", values: { min: Number(issue.minimum) } };
    case "too_big":
      return issue.origin === "string" ? { reason: "too_long", values: { max: Number(issue.maximum) } } : { reason: "too_big", values: { max: Number(issue.maximum) } };
    case "invalid_type":
      return { reason: "required", values: {} };
    case "invalid_format":
      return { reason: "format", values: {} };
    case "custom":
      return { reason: typeof issue.params?.reason === "string" ? issue.params.reason : "invalid", values: {} };
    default:
      return { reason: "invalid", values: {} };
  }
}

const GENERIC: Record<string, MessageKey> = {
  required: "formErrors.required",
  too_short: "formErrors.tooShort",
  too_long: "formErrors.tooLong",
  too_small: "formErrors.tooSmall",
  too_big: "formErrors.tooBig",
  format: "formErrors.format",
};

/**
 * zod issues → one message per form field ("价格不能为空" / "Price is required."), the first issue
 * of each field winning. `fields` maps a schema path ("notifyUrls.orderPaid") to its form field.
 */
export function fieldErrorsFromZod(error: ZodError, fields: Record<string, FieldSpec>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    const spec = fields[path];
    const field = spec?.field ?? (path || "form");
    if (out[field]) continue;
    const { reason, values } = reasonOf(issue);
    const bounds = Object.fromEntries(Object.entries(values).map(([k, n]) => [k, spec?.bound ? spec.bound(n) : n]));
    const label = spec ? msg(spec.label) : msg("formErrors.thisField");
    out[field] = msg(spec?.reasons?.[reason] ?? GENERIC[reason] ?? "formErrors.invalid", { ...bounds, field: label });
  }
  return out;
}

/** FormData → plain strings (files ignored), trimmed only where the schema says so. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}
