/**
 * Yuan exists only in the portal's forms and labels; everything stored and computed is integer fen.
 * Both directions are string/integer arithmetic: "19.9" must become 1990, never 1989.9999.
 */

/** "19.9" → 1990, "0.01" → 1, "1,000" → 100000. Null for anything else (negative, 3 decimals, "1e2"). */
export function yuanToFen(input: string): number | null {
  const text = input.trim().replace(/^¥\s*/, "").replace(/,/g, "");
  const m = /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
