import type { IncomingMessage } from "node:http";
import { ApiError, invalid } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the raw body with a hard cap. The Content-Length header is checked first, and the stream is
 * counted as it arrives too, because a chunked body carries no length.
 */
export async function readBodyCapped(req: Request, max = MAX_BODY_BYTES): Promise<string> {
  if (Number(req.headers.get("content-length") ?? "0") > max) throw tooLarge(max);
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
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return utf8(chunks);
}

/**
 * The same for a node:http request (scripts/web-server.ts answers channel callbacks without Next's
 * router, lib/api/direct-callbacks.ts): the same cap, the same errors. Reading stops at the cap: a
 * body past it (declared, or chunked and still arriving) is refused at once, not read to its end,
 * and the request is left incomplete (`req.complete` false), which tells the server to answer with
 * `Connection: close` and drop the connection rather than read on.
 */
export async function readNodeBodyCapped(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<string> {
  if (Number(req.headers["content-length"] ?? "0") > max) throw tooLarge(max);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // destroyOnReturn: false, so leaving the loop early leaves the stream paused where it is (no more
  // of the body is read) instead of destroying the socket the refusal is to be answered on.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    size += (chunk as Buffer).byteLength;
    if (size > max) throw tooLarge(max);
    chunks.push(chunk as Buffer);
  }
  return utf8(chunks);
}

const tooLarge = (max: number) => new ApiError("invalid_request", "body_too_large", `The request body exceeds ${max / 1024} KiB.`);

function utf8(chunks: Uint8Array[]): string {
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
  checkJsonValue(value);
  return value as Record<string, unknown>;
}

/** No request body of the API nests anywhere near this deep; deeper is an attack on whatever walks it. */
export const MAX_JSON_DEPTH = 32;

/**
 * Walks a parsed body once, without recursion: a nesting deeper than MAX_JSON_DEPTH is refused, and so
 * is a string holding a lone UTF-16 surrogate (`"\ud800"` is valid JSON but no UTF-8 text: MariaDB's
 * utf8mb4 columns refuse it at insert time, after the order was half made).
 */
export function checkJsonValue(root: unknown): void {
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (hasLoneSurrogate(value)) throw invalid("invalid_encoding", "Strings must be valid Unicode text (no lone surrogates).", paramOf(path));
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) {
      throw invalid("invalid_json", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, paramOf(path.slice(0, 1)));
    }
    for (const [k, v] of Object.entries(value)) {
      if (hasLoneSurrogate(k)) throw invalid("invalid_encoding", "Keys must be valid Unicode text (no lone surrogates).", paramOf(path));
      stack.push({ value: v, path: [...path, k] });
    }
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** String.prototype.isWellFormed, which TypeScript's ES2023 lib does not know yet. */
export const hasLoneSurrogate = (s: string) => LONE_SURROGATE.test(s);

const paramOf = (path: string[]) => (path.length > 0 ? path.join(".") : undefined);
