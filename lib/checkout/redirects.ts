import { config } from "../config";
import type { StartResult } from "./start-payment";

/** Turns the outcome of a channel choice into where the browser goes next (303: the next request is a GET). */
export function checkoutRedirect(sessionId: string, result: StartResult): Response {
  const page = `${config().PUBLIC_BASE_URL}/checkout/${sessionId}`;
  switch (result.kind) {
    case "redirect":
      return Response.redirect(result.url, 303);
    case "jsapi":
      return Response.redirect(`${page}/jsapi`, 303);
    case "error":
      return Response.redirect(`${page}?error=1`, 303);
    default:
      return Response.redirect(page, 303);
  }
}
