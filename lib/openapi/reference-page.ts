import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The API reference at /docs/api: Swagger UI (swagger-ui-dist from npm) rendering
 * /api/v1/openapi.json. Every asset is served from this deployment, so the page works offline and
 * behind a firewall; the Content-Security-Policy forbids the browser to fetch anything from another
 * origin (no fonts, no validator badge, no analytics).
 */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/** Ours, not the package's: the package's initializer points at a demo document on the internet. */
const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#reference",
    deepLinking: true,
    validatorUrl: "none",
    tryItOutEnabled: false,
    persistAuthorization: false,
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
`;

export const REFERENCE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI sets style attributes from React.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export function referencePageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>payrelay API reference</title>
<link rel="icon" type="image/png" href="/docs/api/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/api/assets/swagger-ui.css">
<style>body{margin:0;font-family:system-ui,sans-serif}header{padding:12px 20px;border-bottom:1px solid #e2e8f0;display:flex;gap:16px;align-items:baseline}header a{color:#4338ca}</style>
</head>
<body>
<header><strong>payrelay API reference</strong><a href="/api/v1/openapi.json">openapi.json</a><a href="/">home</a></header>
<div id="reference"></div>
<script src="/docs/api/assets/swagger-ui-bundle.js"></script>
<script src="/docs/api/assets/init.js"></script>
</body>
</html>
`;
}

const cache = new Map<string, Buffer>();

/** One of the page's assets, or null for any other name (never a path into the file system). */
export async function referenceAsset(name: string): Promise<{ body: Buffer; contentType: string } | null> {
  if (name === "init.js") return { body: Buffer.from(INIT_SCRIPT), contentType: "text/javascript; charset=utf-8" };
  const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name]! : null;
  if (!contentType) return null;
  let body = cache.get(name);
  if (!body) {
    // `npm start` runs the app from the project root, where npm installed swagger-ui-dist.
    body = await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", name));
    cache.set(name, body);
  }
  return { body, contentType };
}
