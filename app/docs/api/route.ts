import { REFERENCE_CSP, referencePageHtml } from "@/lib/openapi/reference-page";

export function GET() {
  return new Response(referencePageHtml(), {
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": REFERENCE_CSP },
  });
}
