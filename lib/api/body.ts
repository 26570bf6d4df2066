import { ApiError, invalid } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the raw body with a hard cap. The Content-Length header is checked first, and the stream is
 * counted as it arrives too, because a chunked body carries no length.
 */
export async function readBodyCapped(req: Request, max = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () =>
    new ApiError("invalid_request", "body_too_large", `The request body exceeds ${max / 1024} KiB.`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw invalid("invalid_encoding", "The request body is not valid UTF-8.");
  }
}

/** Parses a JSON object body; anything else (array, number, garbage) is a 400 in the contract's shape. */
export function parseJsonObject(raw: string, contentType: string | null): Record<string, unknown> {
  if (raw.trim() === "") return {};
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(
      "invalid_request",
      "unsupported_content_type",
      "Send the request body as JSON with Content-Type: application/json.",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid("invalid_json", "The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("invalid_json", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}
