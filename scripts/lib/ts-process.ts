import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** tsx's loader, as a URL `--import` takes whatever the working directory. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * How payrelay runs a TypeScript entry point as a long-lived process: Node itself with tsx's loader,
 * one process. Not the `tsx` command, which runs the script in a second node process and relays
 * signals to it: if that child does not answer the relay within about 60 ms (its event loop busy,
 * the machine loaded), tsx SIGKILLs it and exits 143. A worker stopped that way drops the deliveries
 * it had in flight unrecorded, and a web server its requests. Run this way, a SIGTERM reaches the
 * script's own handler, however late it gets to run.
 */
export function tsProcess(script: string, args: readonly string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--import", TSX_LOADER, script, ...args] };
}

/** `npm start` with these arguments (scripts/start.ts run as above), as spawn's command and args. */
export function startCommand(root: string, args: readonly string[] = []): [string, string[]] {
  const run = tsProcess(path.join(root, "scripts/start.ts"), args);
  return [run.command, run.args];
}
