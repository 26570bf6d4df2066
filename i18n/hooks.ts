import { useFormatter } from "next-intl";
import { createPortalFormat, type PortalFormat } from "@/lib/i18n/format";

/**
 * For components that are not async: Client Components, and Server Components that render without
 * awaiting (next-intl serves both from the same hooks).
 */

export function usePortalFormat(): PortalFormat {
  return createPortalFormat(useFormatter());
}
