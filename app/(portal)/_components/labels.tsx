import { useTranslations } from "next-intl";

/** A channel id ("alipay_h5") as its name ("支付宝 H5"); an id without a name shows as is. */
export function ChannelName({ channel }: { channel: string }) {
  const t = useTranslations("labels.channel");
  const key = channel as "alipay_h5";
  return <>{t.has(key) ? t(key) : channel}</>;
}
