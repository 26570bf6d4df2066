import { methodNotAllowed } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/document";

/** The API's OpenAPI 3.1 document; public, like the reference page built from it (/docs/api). */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}

export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
