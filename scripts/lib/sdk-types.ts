import openapiTS, { astToString } from "openapi-typescript";
import { openApiDocument } from "../../lib/openapi/document";

export const SDK_DOCUMENT = "sdk/openapi.json";
export const SDK_TYPES = "sdk/src/generated/openapi.ts";

const HEADER = `/**
 * Generated from the API document (GET /api/v1/openapi.json) by openapi-typescript.
 * Do not edit: \`npm run sdk:generate\` rewrites it; tests/sdk/generated.test.ts fails when it is stale.
 */

`;

/** The document and the SDK's types as `npm run sdk:generate` writes them; the stale test compares against them. */
export async function sdkArtifacts(): Promise<{ document: string; types: string }> {
  const document = openApiDocument();
  const ast = await openapiTS(structuredClone(document) as never, { alphabetize: true, silent: true });
  return { document: `${JSON.stringify(document, null, 2)}\n`, types: HEADER + astToString(ast) };
}
