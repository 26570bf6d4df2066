import { useFormatter, useTranslations } from "next-intl";
import { createPortalFormat, type PortalFormat } from "@/lib/i18n/format";
import { renderMessage, type Message, type Translate } from "@/lib/i18n/message";

/**
 * For components that are not async: Client Components, and Server Components that render without
 * awaiting (next-intl serves both from the same hooks).
 */

export function usePortalFormat(): PortalFormat {
  return createPortalFormat(useFormatter());
}

/** Renders lib/'s messages (keys with values) in the current language. */
export function useMessageRenderer(): (message: Message) => string {
  const t = useTranslations() as unknown as Translate;
  return (message) => renderMessage(t, message);
}
