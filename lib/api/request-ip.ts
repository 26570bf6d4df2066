import { isIP } from "node:net";

/**
 * The end user's address as the reverse proxy in front of payrelay reports it (the left-most
 * X-Forwarded-For entry, then X-Real-IP). WeChat H5 needs it as payer_client_ip; it is never used
 * for authentication, so a spoofed value only misleads WeChat's risk checks about that one order.
 */
export function requestIp(req: Request): string | null {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || req.headers.get("x-real-ip")?.trim() || "";
  const unwrapped = candidate.replace(/^::ffff:/, "");
  return isIP(unwrapped) ? unwrapped : null;
}
