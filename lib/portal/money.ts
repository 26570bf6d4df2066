/**
 * Yuan exists only in the portal's forms and labels; everything stored and computed is integer fen.
 * Both directions are string/integer arithmetic: "19.9" must become 1990, never 1989.9999.
 */

/**
 * "19.9" → 1990, "0.01" → 1, "1,000" → 100000. Null for anything else (negative, 3 decimals, "1e2").
 * Full-width forms a Chinese input method types ("１９．９", "￥", "，") are read as their ASCII
 * counterparts (NFKC).
 */
export function yuanToFen(input: string): number | null {
  const text = toHalfWidth(input).trim().replace(/^¥\s*/, "").replace(/,/g, "");
  const m = /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** NFKC folds full-width digits and punctuation to ASCII; the full-width yuan sign ￥ becomes ¥. */
export function toHalfWidth(input: string): string {
  return input.normalize("NFKC").replace(/\uFFE5/g, "¥");
}

/** "-5", "－5", "-0.5": a price typed below zero (said as such, not as a format mistake). */
export function isNegativeAmount(input: string): boolean {
  return /^[-\u2212]\s*¥?\s*\d/.test(toHalfWidth(input).trim());
}
