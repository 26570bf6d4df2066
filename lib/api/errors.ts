import { ZodError } from "zod";
import type { Logger } from "pino";

export type ErrorType =
  | "invalid_request"
  | "authentication"
  | "permission"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "channel_error"
  | "internal";

/** Default HTTP status per error type; a code may pick another within its type (400 vs 422). */
const STATUS: Record<ErrorType, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  channel_error: 502,
  internal: 500,
};

export type ErrorBody = { error: { type: ErrorType; code: string; message: string; param?: string } };

/** The one error type every API failure is expressed in (docs/api.md "Errors"). */
export class ApiError extends Error {
  readonly type: ErrorType;
  readonly code: string;
  readonly status: number;
  readonly param?: string;
  readonly extra?: Record<string, unknown>;

  constructor(
    type: ErrorType,
    code: string,
    message: string,
    opts: { status?: number; param?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.type = type;
    this.code = code;
    this.status = opts.status ?? STATUS[type];
    this.param = opts.param;
    this.extra = opts.extra;
  }

  body(): ErrorBody {
    const error: ErrorBody["error"] = { type: this.type, code: this.code, message: this.message };
    if (this.param) error.param = this.param;
    return { error: { ...error, ...this.extra } };
  }
}

export const notFound = (what: string, id?: string, param?: string) =>
  new ApiError("not_found", "resource_missing", id ? `No such ${what}: '${id}'` : `No such ${what}`, { param });

export const invalid = (code: string, message: string, param?: string, status = 400) =>
  new ApiError("invalid_request", code, message, { param, status });

/** Turns a zod failure into the contract's shape, naming the first offending field. */
export function fromZodError(error: ZodError): ApiError {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  if (!issue) return invalid("parameter_invalid", "The request body is invalid.");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const full = param ? `${param}.${key}` : key;
    return invalid("parameter_unknown", `Received unknown parameter: ${full}`, full);
  }
  const missing = issue.code === "invalid_type" && issue.message.includes("received undefined");
  if (missing) return invalid("parameter_missing", `Missing required parameter: ${param}`, param);
  return invalid("parameter_invalid", param ? `Invalid ${param}: ${issue.message}` : issue.message, param);
}

/**
 * Any thrown value → a Response in the contract's shape. Unknown errors become an opaque 500 and are
 * logged with their stack; nothing about them reaches the caller.
 */
export function errorResponse(error: unknown, log?: Logger, headers?: HeadersInit): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof ZodError) apiError = fromZodError(error);
  else {
    log?.error({ err: error }, "unhandled error");
    apiError = new ApiError("internal", "internal_error", "Something went wrong on our side. It has been logged.");
  }
  return Response.json(apiError.body(), { status: apiError.status, headers });
}
