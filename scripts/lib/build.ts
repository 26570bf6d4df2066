import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { StartupError, say } from "./log";

/** What `next build` reads. Tests and e2e specs are left out: they change nothing in the output. */
const SOURCE_DIRS = ["app", "lib", "i18n", "messages", "public"];
const SOURCE_FILES = ["next.config.ts", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP_DIRS = new Set(["node_modules", ".next", "tests", "e2e", "__tests__"]);
const SKIP_FILE = /(\.test\.tsx?|\.spec\.tsx?|\.DS_Store)$/;
/** Written into .next after a successful build; `next build` empties .next first, so a failed build leaves none. */
const STAMP_FILE = "payrelay-source-hash";

function listFiles(root: string, rel: string, out: string[]): void {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return;
  if (fs.statSync(abs).isFile()) {
    out.push(rel);
    return;
  }
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    if (entry.isFile() && SKIP_FILE.test(entry.name)) continue;
    if (entry.isDirectory() || entry.isFile()) listFiles(root, path.join(rel, entry.name), out);
  }
}

/** sha256 over the path and content of every build input, in a stable order. */
export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const rel of [...SOURCE_DIRS, ...SOURCE_FILES]) listFiles(root, rel, files);
  const hash = crypto.createHash("sha256");
  for (const rel of files.sort()) {
    hash.update(rel.split(path.sep).join("/")).update("\0");
    hash.update(fs.readFileSync(path.join(root, rel))).update("\0");
  }
  return hash.digest("hex");
}

function builtHash(root: string): string | undefined {
  const dist = path.join(root, ".next");
  if (!fs.existsSync(path.join(dist, "BUILD_ID"))) return undefined;
  const stamp = path.join(dist, STAMP_FILE);
  return fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : undefined;
}

function runNextBuild(root: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/next"), ["build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1" },
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
}

/** Builds the web app unless .next already holds a build of exactly these sources. */
export async function ensureBuild(root: string): Promise<void> {
  // Hashed before building: an edit made during the build leaves a stale stamp, so the next start rebuilds.
  const hash = sourceHash(root);
  const built = builtHash(root);
  if (built === hash) {
    say("web app build is up to date");
    return;
  }
  say(built === undefined ? "no build of the web app yet; running next build" : "sources changed since the last build; running next build");
  const started = performance.now();
  const code = await runNextBuild(root);
  if (code !== 0) throw new StartupError(`next build failed (exit code ${code}); see the output above`);
  fs.writeFileSync(path.join(root, ".next", STAMP_FILE), hash + "\n");
  say(`built the web app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
