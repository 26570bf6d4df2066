import path from "node:path";
import { ensureBuild } from "../../scripts/lib/build";

/** The web app's production build, made once before the chaos run (skipped when .next is fresh). */
export default async function setup(): Promise<void> {
  await ensureBuild(path.resolve(import.meta.dirname, "../.."));
}
