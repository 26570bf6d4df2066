import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Redaction is the second line of defence: secrets should never be passed to
 * a logger at all, but a header or body that slips through is censored rather than printed.
 */
const redact = {
  paths: [
    "authorization",
    "*.authorization",
    "headers.authorization",
    "*.headers.authorization",
    "privateKey",
    "*.privateKey",
    "apiV3Key",
    "*.apiV3Key",
    "password",
    "*.password",
    "secret",
    "*.secret",
    "webhookSecret",
    "*.webhookSecret",
    "secrets",
    "*.secrets",
    "appSecret",
    "*.appSecret",
    "*.*.privateKey",
    "*.*.apiV3Key",
  ],
  censor: "[redacted]",
};

let root: Logger | undefined;
let destination: DestinationStream | undefined;

export function logger(): Logger {
  root ??= pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { service: process.env.PAYRELAY_PROCESS ?? "web" },
      redact,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination(1),
  );
  return root;
}

/** Sends logs to another stream (tests read them back to prove no secret is ever written). */
export function setLogDestination(stream: DestinationStream, level = "info"): void {
  destination = stream;
  process.env.LOG_LEVEL = level;
  root = undefined;
}
