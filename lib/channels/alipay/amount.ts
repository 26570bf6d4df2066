/**
 * Alipay is the only place money is a yuan string ("88.88"). Both directions are integer
 * arithmetic on the digits: a float would turn 0.29 into 28.999999999999996 fen.
 */

export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be a non-negative integer of fen, got ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

/** "88.88" → 8888, "5" → 500, "0.5" → 50; undefined for anything else ("1e2", "-1", "1.001", " 1"). */
export function yuanToFen(yuan: string | undefined): number | undefined {
  const m = yuan === undefined ? null : /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
