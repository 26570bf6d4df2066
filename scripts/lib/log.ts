/** Start-up messages, tagged so they stand out between the children's log lines. */
export function say(message: string): void {
  process.stdout.write(`[payrelay] ${message}\n`);
}

/** An error an operator can act on: printed without a stack, then exit 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
