import type { StartResult } from "./start-payment";
import { checkoutUrl } from "./urls";

/** Where the browser goes next after a channel choice. */
export function checkoutDestination(sessionId: string, result: StartResult): string {
  switch (result.kind) {
    case "redirect":
      return result.url;
    case "jsapi":
      return checkoutUrl(sessionId, "jsapi");
    case "error":
      return checkoutUrl(sessionId, "", { error: "1" });
    default:
      return checkoutUrl(sessionId);
  }
}

/** Turns the outcome of a channel choice into where the browser goes next (303: the next request is a GET). */
export function checkoutRedirect(sessionId: string, result: StartResult): Response {
  return Response.redirect(checkoutDestination(sessionId, result), 303);
}
