import type { ZodError } from "zod";

export type FieldErrors = Record<string, string>;

/** What a server action hands back to its form: field errors next to fields, or one message on top. */
export type FormState = { ok?: boolean; message?: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

/**
 * zod issues → one message per form field, in words a merchant reads: "Price must be …".
 * `fields` maps a schema path ("notifyUrls.orderPaid") to the form field and its label.
 */
export function fieldErrorsFromZod(error: ZodError, fields: Record<string, { field: string; label: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    const target = fields[path] ?? { field: path || "form", label: path || "This form" };
    if (out[target.field]) continue;
    out[target.field] = `${target.label} ${humanIssue(issue)}`;
  }
  return out;
}

type Issue = ZodError["issues"][number];

function humanIssue(issue: Issue): string {
  // The project's schemas already phrase their messages as the tail of a sentence ("must be …").
  if (/^(must|is|should|only|cannot|needs)\b/.test(issue.message)) return withStop(issue.message);
  switch (issue.code) {
    case "too_small":
      return issue.minimum === 1 && issue.origin === "string" ? "is required." : `is too small (at least ${String(issue.minimum)}).`;
    case "too_big":
      return issue.origin === "string" ? `is too long (at most ${String(issue.maximum)} characters).` : `is too large (at most ${String(issue.maximum)}).`;
    case "invalid_type":
      return "is required.";
    case "invalid_format":
      return "is not in the expected format.";
    default:
      return "is not valid.";
  }
}

const withStop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** FormData → plain strings (files ignored), trimmed only where the schema says so. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}
