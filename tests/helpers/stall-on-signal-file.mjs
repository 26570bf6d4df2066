// Preloaded into a process under test (NODE_OPTIONS=--import): once the file named by STALL_FILE
// exists, the event loop of the process running the script STALL_SCRIPT names (and of no launcher
// around it) is blocked for STALL_MS, as a busy or CPU-starved process's is. The test creates the
// file, waits until the stall has surely begun, then signals the process.
import fs from "node:fs";
const file = process.env.STALL_FILE;
const ms = Number(process.env.STALL_MS || 1500);
if (file && process.argv[1] && process.argv[1].endsWith(process.env.STALL_SCRIPT || "\0")) {
  const poll = setInterval(() => {
    if (!fs.existsSync(file)) return;
    clearInterval(poll);
    const until = Date.now() + ms;
    while (Date.now() < until) {
      /* busy */
    }
  }, 10);
  poll.unref();
}
