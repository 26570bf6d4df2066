import type { components } from "./generated/openapi.js";

type ErrorBody = components["schemas"]["Error"]["error"];

/** An error type of the API (shared/API.md), or "connection" when no answer came at all. */
export type PayrelayErrorType = ErrorBody["type"] | "connection";

/**
 * Every failure of a call: the API's own error (`type`, `code`, `status`, `param`, as in
 * `{ error: { type, code, message, param } }`), or a connection failure once retries are spent.
 */
export class PayrelayError extends Error {
  readonly type: PayrelayErrorType;
  readonly code: string;
  /** The HTTP status; 0 when no answer came (a connection error). */
  readonly status: number;
  readonly param: string | undefined;
  /** The x-request-id of the answer, for a support request. */
  readonly requestId: string | undefined;
  /** The whole `error` object, with what some errors carry besides (`order`, `channelCode`). */
  readonly raw: ErrorBody | undefined;

  constructor(init: { type: PayrelayErrorType; code: string; message: string; status: number; param?: string; requestId?: string; raw?: ErrorBody; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "PayrelayError";
    this.type = init.type;
    this.code = init.code;
    this.status = init.status;
    this.param = init.param;
    this.requestId = init.requestId;
    this.raw = init.raw;
  }

  /** order_already_paid and channel_error on orders carry the order as it now stands. */
  get order(): components["schemas"]["Order"] | undefined {
    return this.raw?.order;
  }
}

/** No answer from payrelay (refused, reset, timed out) after the client's retries. */
export class PayrelayConnectionError extends PayrelayError {
  constructor(message: string, cause: unknown) {
    super({ type: "connection", code: "connection_failed", message, status: 0, cause });
    this.name = "PayrelayConnectionError";
  }
}

/** A webhook whose signature, timestamp or body does not verify: do not act on it. */
export class PayrelayWebhookVerificationError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "PayrelayWebhookVerificationError";
  }
}
