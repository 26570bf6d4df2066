import type { Messages } from "@/lib/checkout/i18n";
import type { QrCode } from "@/lib/checkout/desktop";
import { checkoutPath } from "@/lib/checkout/urls";

/**
 * The desktop checkout: a QR code per channel the buyer can scan with a phone, the time left, and
 * Alipay's desktop page as a link. Polls the session's status and moves on to the success page by
 * itself once either code is paid.
 */
export function DesktopQr({ sessionId, codes, secondsLeft, t }: { sessionId: string; codes: QrCode[]; secondsLeft: number; t: Messages }) {
  const mmss = `${String(Math.floor(secondsLeft / 60)).padStart(2, "0")}:${String(secondsLeft % 60).padStart(2, "0")}`;
  const script = `(function () {
  var statusUrl = ${JSON.stringify(checkoutPath(sessionId, "status"))};
  var returnUrl = ${JSON.stringify(checkoutPath(sessionId, "return"))};
  // Counted from when the page arrived, so a wrong clock on the buyer's computer does not matter.
  var deadline = Date.now() + ${JSON.stringify(secondsLeft * 1000)};
  var clock = document.getElementById("countdown-time");
  function tick() {
    var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    if (clock) clock.textContent = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    if (left === 0) { window.location.reload(); return; }
    setTimeout(tick, 1000);
  }
  function check() {
    fetch(statusUrl, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.status === "paid") { window.location.href = returnUrl; return; }
        if (s.status === "expired") { window.location.reload(); return; }
        setTimeout(check, 2000);
      })
      .catch(function () { setTimeout(check, 4000); });
  }
  setTimeout(tick, 1000);
  setTimeout(check, 1500);
})();`;
  return (
    <section data-testid="qr-codes" aria-live="polite">
      <p className="text-center text-sm font-medium text-slate-700">{t.scanToPay}</p>
      <p className="mt-1 text-center text-sm text-slate-500" data-testid="countdown">
        {t.expiresIn} <span id="countdown-time" className="font-mono tabular-nums">{mmss}</span>
      </p>
      <div className={`mt-4 grid gap-4 ${codes.length > 1 ? "grid-cols-2" : "grid-cols-1"}`}>
        {codes.map((code) => (
          <figure key={code.channel} className="flex flex-col items-center rounded-xl border border-slate-200 p-3" data-testid={`qr-${code.channel}`}>
            <div
              role="img"
              aria-label={code.channel === "wechat_native" ? t.scanWechat : t.scanAlipay}
              className="h-44 w-44 [&>svg]:h-full [&>svg]:w-full"
              dangerouslySetInnerHTML={{ __html: code.svg }}
            />
            <figcaption className="mt-2 flex items-center gap-2 text-sm">
              <span aria-hidden className={`grid h-6 w-6 place-items-center rounded-md text-xs font-bold text-white ${code.channel === "wechat_native" ? "bg-emerald-500" : "bg-sky-500"}`}>
                {code.channel === "wechat_native" ? "微" : "支"}
              </span>
              {code.channel === "wechat_native" ? t.scanWechat : t.scanAlipay}
            </figcaption>
          </figure>
        ))}
      </div>
      <form method="post" action={checkoutPath(sessionId, "pay")} className="mt-5 text-center">
        <button name="channel" value="alipay_pc" className="text-sm text-sky-700 underline hover:text-sky-900" data-testid="alipay-pc">
          {t.alipayPc}
        </button>
      </form>
      <noscript>
        <meta httpEquiv="refresh" content="5" />
      </noscript>
      <script dangerouslySetInnerHTML={{ __html: script }} />
    </section>
  );
}
