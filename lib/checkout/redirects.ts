import type { StartResult } from "./start-payment";
import { checkoutUrl } from "./urls";

/** Turns the outcome of a channel choice into where the browser goes next (303: the next request is a GET). */
export function checkoutRedirect(sessionId: string, result: StartResult): Response {
  switch (result.kind) {
    case "redirect":
      return Response.redirect(result.url, 303);
    case "jsapi":
      return Response.redirect(checkoutUrl(sessionId, "jsapi"), 303);
    case "error":
      return Response.redirect(checkoutUrl(sessionId, "", { error: "1" }), 303);
    default:
      return Response.redirect(checkoutUrl(sessionId), 303);
  }
}
