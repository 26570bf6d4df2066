/** `npm run sdk:generate`: writes sdk/openapi.json and the SDK's generated types from the API's zod schemas. */
import fs from "node:fs";
import path from "node:path";
import { SDK_DOCUMENT, SDK_TYPES, sdkArtifacts } from "./lib/sdk-types";

const root = path.resolve(import.meta.dirname, "..");
const { document, types } = await sdkArtifacts();
fs.writeFileSync(path.join(root, SDK_DOCUMENT), document);
fs.writeFileSync(path.join(root, SDK_TYPES), types);
console.log(`wrote ${SDK_DOCUMENT} and ${SDK_TYPES}`);
