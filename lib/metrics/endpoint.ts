import { metricsText, scrapeAccess } from "./scrape";

export type ScrapeAnswer = { status: number; headers: Record<string, string>; body: string };

/**
 * One answer for both metrics endpoints (the web app's /api/metrics and the worker's port): the text
 * exposition with the right token, 401 without it, and 404 when metrics are switched off (no token
 * configured), the same answer as a path that does not exist.
 */
export async function scrape(authorization: string | null): Promise<ScrapeAnswer> {
  const access = scrapeAccess(authorization);
  if (access === "disabled") {
    return {
      status: 404,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: { type: "not_found", code: "route_not_found", message: "Unrecognized request URL." } }),
    };
  }
  if (access === "unauthorized") {
    return {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="metrics"' },
      body: JSON.stringify({ error: { type: "authentication", code: "invalid_metrics_token", message: "Send 'Authorization: Bearer <METRICS_TOKEN>'." } }),
    };
  }
  const { body, contentType } = await metricsText();
  return { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" }, body };
}
