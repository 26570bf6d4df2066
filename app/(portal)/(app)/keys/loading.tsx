import { useTranslations } from "next-intl";
import { LoadingPage } from "../../_components/ui";

export default function Loading() {
  const t = useTranslations("loading");
  return <LoadingPage label={t("keys")} />;
}
