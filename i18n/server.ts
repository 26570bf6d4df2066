import { getFormatter, getTranslations } from "next-intl/server";
import { createPortalFormat, type PortalFormat } from "@/lib/i18n/format";
import { renderFieldErrors, renderMessage, type Message, type Translate } from "@/lib/i18n/message";

/**
 * For async Server Components, server actions and generateMetadata. (Plain components, server or
 * client, use the hooks in ./hooks.ts instead.)
 */

/** Renders lib/'s messages (keys with values) in the request's language. */
export async function getMessageRenderer() {
  const t = (await getTranslations()) as unknown as Translate;
  return {
    render: (message: Message) => renderMessage(t, message),
    fieldErrors: (errors: Record<string, Message>) => renderFieldErrors(t, errors),
  };
}

export async function getPortalFormat(): Promise<PortalFormat> {
  return createPortalFormat(await getFormatter());
}

/** `export const generateMetadata = pageTitle("orders")`: the tab title in the reader's language. */
export function pageTitle(key: Parameters<Awaited<ReturnType<typeof getTranslations<"meta">>>>[0]) {
  return async () => ({ title: (await getTranslations("meta"))(key) });
}
