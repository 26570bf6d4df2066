import { routes } from "@/lib/api/route";
import { checkHealth, publicHealth } from "@/lib/health/check-health";
import { scrapeAccess } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: async (req) => {
    const health = await checkHealth();
    const shown = scrapeAccess(req.headers.get("authorization")) === "ok" ? health : publicHealth(health);
    return Response.json(shown, { status: health.status === "ok" ? 200 : 503 });
  },
});
