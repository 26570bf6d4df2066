import { routes } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/document";

/** The API's OpenAPI 3.1 document; public, like the reference page built from it (/docs/api). */
export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: async () => Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
});
