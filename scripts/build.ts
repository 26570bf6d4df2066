/**
 * `npm run build`: builds the web app ahead of time, stamped with the hash of its sources, so that
 * `npm start` / `npm run start:web` find it up to date instead of building again (the container image
 * builds this way).
 */
import path from "node:path";
import { ensureBuild } from "./lib/build";
import { StartupError } from "./lib/log";

ensureBuild(path.resolve(import.meta.dirname, "..")).catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
