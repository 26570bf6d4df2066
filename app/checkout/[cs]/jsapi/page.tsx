import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { loadCheckoutPage } from "@/lib/checkout/page-data";
import { messages, pickLocale } from "@/lib/checkout/i18n";
import { jsapiParams } from "@/lib/checkout/jsapi";
import { checkoutPath } from "@/lib/checkout/urls";
import { CheckoutFrame, StateBox } from "../frame";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ cs: string }> };

/**
 * Inside WeChat: hands the getBrandWCPayRequest object to WeixinJSBridge. In test mode, where no
 * real bridge exists, a stand-in opens the sandbox's payment sheet, which checks paySign as
 * WeChat does, so the JSAPI path runs in any browser.
 */
export default async function JsapiPage({ params }: Props) {
  const { cs } = await params;
  const locale = pickLocale((await headers()).get("accept-language"));
  const t = messages(locale);
  const data = await loadCheckoutPage(cs);
  if (!data) notFound();
  const payParams = await jsapiParams(data.session);
  if (!payParams) redirect(checkoutPath(cs));
  const script = `(function () {
  var params = ${JSON.stringify(payParams)};
  var done = ${JSON.stringify(checkoutPath(cs, "return"))};
  function go(url) { window.location.href = url; }
  ${
    data.session.livemode
      ? ""
      : `if (typeof window.WeixinJSBridge === "undefined") {
    window.WeixinJSBridge = { invoke: function (name, p) {
      var q = new URLSearchParams(p); q.set("return_url", new URL(done, window.location.href).href);
      go("/sandbox/wechat/jsbridge?" + q.toString());
    } };
  }`
  }
  function pay() {
    window.WeixinJSBridge.invoke("getBrandWCPayRequest", params, function (res) {
      var msg = res && res.err_msg;
      if (msg === "get_brand_wcpay_request:ok") go(done);
      else if (msg === "get_brand_wcpay_request:cancel") go(${JSON.stringify(checkoutPath(cs, "", { state: "cancelled" }))});
      else go(${JSON.stringify(checkoutPath(cs, "", { error: "1" }))});
    });
  }
  if (typeof window.WeixinJSBridge === "undefined") document.addEventListener("WeixinJSBridgeReady", pay, false);
  else pay();
})();`;
  return (
    <CheckoutFrame data={data} t={t} locale={locale}>
      <StateBox tone="wait" title={t.openingWechat} testId="state-jsapi" />
      <script dangerouslySetInnerHTML={{ __html: script }} />
    </CheckoutFrame>
  );
}
