/**
 * The one error a channel adapter throws. `code` is the provider's own code where it gave one
 * (ACQ.TRADE_NOT_EXIST, PARAM_ERROR, SIGN_ERROR…) or ours (network_error, invalid_response_signature…).
 * `createdAtChannel` tells a caller of createPayment whether retrying could create a second trade:
 * "no" = the channel refused or was never reached; "unknown" = it may have acted (timeouts, 5xx,
 * answers we could not trust).
 */
export class ChannelError extends Error {
  readonly code: string;
  readonly httpStatus?: number;
  readonly createdAtChannel: "no" | "unknown";

  constructor(code: string, message: string, opts: { httpStatus?: number; createdAtChannel?: "no" | "unknown"; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "ChannelError";
    this.code = code;
    this.httpStatus = opts.httpStatus;
    this.createdAtChannel = opts.createdAtChannel ?? "unknown";
  }
}

/** Refused before anything was sent (bad input or credentials). */
export function invalidInput(message: string): ChannelError {
  return new ChannelError("invalid_request", message, { createdAtChannel: "no" });
}
