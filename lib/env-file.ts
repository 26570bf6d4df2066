import fs from "node:fs";
import path from "node:path";

/**
 * Loads `.env` from the project root into process.env for the CLI, the worker and the start script
 * (Next loads it by itself for the web app). Variables already set in the environment win.
 */
export function loadDotEnv(root = process.cwd()): void {
  const file = path.join(root, ".env");
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
