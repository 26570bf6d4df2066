import { ApiError } from "./errors";
import { resolveApiKey, touchApiKey, type ResolvedKey } from "../api-keys/api-keys";
import type { Logger } from "pino";

export type KeyRequirement = "secret" | "any";

/**
 * Bearer-key authentication. Unknown, malformed and revoked keys get the same 401 so a caller cannot
 * probe which keys once existed; the message never repeats more of the key than its prefix.
 */
export async function authenticate(req: Request, requirement: KeyRequirement, log: Logger): Promise<ResolvedKey> {
  const header = req.headers.get("authorization");
  if (!header) {
    throw new ApiError("authentication", "missing_api_key", "No API key provided. Send 'Authorization: Bearer <key>'.");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new ApiError("authentication", "invalid_authorization", "The Authorization header must be 'Bearer <key>'.");
  }
  const presented = match[1]!;
  const key = await resolveApiKey(presented);
  if (!key) {
    throw new ApiError("authentication", "invalid_api_key", `Invalid or revoked API key: ${presented.slice(0, 8)}…`);
  }
  if (key.merchantSuspended) {
    // The key is real, so saying why is no leak; what was already under way (payments, webhooks) carries on.
    throw new ApiError("permission", "merchant_suspended", "This merchant account is suspended; its API keys are refused. Contact the payrelay operator.");
  }
  if (requirement === "secret" && key.kind !== "secret") {
    throw new ApiError(
      "permission",
      "secret_key_required",
      "This endpoint needs a secret key (sk_…); publishable keys may only create orders and read one order by id.",
    );
  }
  touchApiKey(key.keyId).catch((error: unknown) => log.warn({ err: error }, "could not record key use"));
  return key;
}
