/**
 * What kind of browser opened a checkout page or a payment link, from its User-Agent: inside the
 * WeChat app (MicroMessenger: JSAPI with an openid), inside the Alipay app (AlipayClient: Alipay's
 * wap pay opens in place), another phone browser (the channel picker: Alipay H5, WeChat H5), or a
 * desktop (QR codes to scan with a phone; WeChat refuses H5 payments on a PC).
 */
export type Device = "wechat" | "alipay" | "phone" | "desktop";

const PHONE = /Mobile|Android|iPhone|iPod|iPad|HarmonyOS|Windows Phone|Opera Mini|IEMobile/i;

export function deviceOf(userAgent: string | null | undefined): Device {
  const ua = userAgent ?? "";
  // WeChat's desktop client also says MicroMessenger (with WindowsWechat/MacWechat); JSAPI works there too.
  if (/MicroMessenger/i.test(ua)) return "wechat";
  if (/AlipayClient/i.test(ua)) return "alipay";
  return PHONE.test(ua) ? "phone" : "desktop";
}
