/**
 * Display of integer fen as yuan. Integer arithmetic only: 1990 must read "19.90", never 19.899999.
 * (Alipay's wire format has its own converter in lib/channels, and the sandbox its own, on purpose.)
 */

/** 1990 → "19.90". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** 123456 → "¥1,234.56". */
export function formatFen(fen: number): string {
  const [whole = "0", cents = "00"] = fenToYuan(fen).split(".");
  const negative = whole.startsWith("-");
  const digits = negative ? whole.slice(1) : whole;
  return `${negative ? "-" : ""}¥${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}
