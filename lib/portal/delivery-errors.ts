import { msg, type Message } from "../i18n/message";

/**
 * A delivery attempt's error as a merchant reads it. lib/notify/send.ts records what Node said
 * ("ENOTFOUND: getaddrinfo ENOTFOUND shop.example"), which is exact but not for people: the usual
 * ones are said in words ("无法解析域名 shop.example"), the rest shown as recorded. The raw text stays
 * available to the page (a tooltip) for whoever debugs the receiver.
 */
export function explainDeliveryError(raw: string | null): Message | string | null {
  if (raw === null || raw === "") return null;
  const code = /^([A-Z][A-Z0-9_]+):\s*(.*)$/.exec(raw);
  if (code) {
    const [, name, rest] = code as unknown as [string, string, string];
    const host = /\s([^\s]+)\s*$/.exec(rest)?.[1] ?? "";
    switch (name) {
      case "ENOTFOUND":
        return msg("deliveryErrors.dnsNotFound", { host });
      case "EAI_AGAIN":
        return msg("deliveryErrors.dnsTemporary", { host });
      case "ECONNREFUSED":
        return msg("deliveryErrors.refused", { address: host });
      case "ECONNRESET":
      case "EPIPE":
        return msg("deliveryErrors.reset");
      case "EHOSTUNREACH":
      case "ENETUNREACH":
        return msg("deliveryErrors.unreachable", { address: host });
      case "CERT_HAS_EXPIRED":
      case "DEPTH_ZERO_SELF_SIGNED_CERT":
      case "SELF_SIGNED_CERT_IN_CHAIN":
      case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      case "ERR_TLS_CERT_ALTNAME_INVALID":
        return msg("deliveryErrors.certificate", { code: name });
    }
  }
  const timeout = /^timed out after (\d+) ms$/.exec(raw);
  if (timeout) return msg("deliveryErrors.timeout", { seconds: Math.round(Number(timeout[1]) / 1000) });
  if (raw === "response cut short") return msg("deliveryErrors.cutShort");
  return raw;
}
