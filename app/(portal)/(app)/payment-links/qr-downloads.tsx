"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonStyles } from "../../_components/ui";
import { paymentLinkPngAction } from "./actions";

/** SVG straight from the page; the PNG drawn by the server when asked for, then saved like any download. */
export function QrDownloads({ id, svgHref }: { id: string; svgHref: string }) {
  const t = useTranslations("paymentLinks");
  const [busy, setBusy] = useState(false);
  return (
    <div className="mt-2 flex items-center gap-2 text-xs" role="group" aria-label={t("downloadLabel")}>
      <a className={buttonStyles.ghost} href={svgHref} download={`${id}.svg`} data-testid="download-svg">
        {t("downloadSvg")}
      </a>
      <button
        type="button"
        className={buttonStyles.ghost}
        disabled={busy}
        aria-disabled={busy}
        data-testid="download-png"
        onClick={async () => {
          setBusy(true);
          try {
            const a = document.createElement("a");
            a.href = await paymentLinkPngAction(id);
            a.download = `${id}.png`;
            document.body.appendChild(a);
            a.click();
            a.remove();
          } finally {
            setBusy(false);
          }
        }}
      >
        {t("downloadPng")}
      </button>
    </div>
  );
}
