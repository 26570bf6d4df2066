/**
 * Operator CLI: `npm run cli -- <group> <command> [--flags]`. Prints JSON on stdout; errors as one
 * line on stderr with exit code 1 (2 for usage).
 */
import { parseArgs } from "node:util";
import { loadDotEnv } from "../lib/env-file";
import { ConfigError, config } from "../lib/config";
import { closeDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { ApiError, fromZodError } from "../lib/api/errors";
import { ZodError } from "zod";
import { createMerchant, getMerchantOrThrow, listMerchants, resetUserPassword, setMerchantSuspended } from "../lib/merchants/merchants";
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type KeyKind, type Mode } from "../lib/api-keys/api-keys";

const USAGE = `usage: npm run cli -- <command>
  merchants create --email E --password P --name N
  merchants list
  merchants suspend mer_…      API keys get 403 merchant_suspended, portal sign-in is refused;
  merchants resume mer_…       pending orders, callbacks, sweeps and webhooks carry on either way
  users reset-password --email E --password P   a portal user's new password (sign-up's rules)
  keys create --merchant mer_… [--mode test|live] [--kind secret|publishable]
  keys list --merchant mer_…
  keys revoke --merchant mer_… --key key_…
  keys rotate --merchant mer_… --key key_…   revoke it and print its replacement (same mode and kind) once
  orders show ord_…            the order, its channel requests, callbacks, events and deliveries
  events resend evt_…          one delivery attempt now, as POST /api/v1/events/{id}/resend`;

class UsageError extends Error {}

function required(values: Record<string, string | undefined>, name: string): string {
  const v = values[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}`);
  return value as T;
}

async function run(argv: string[]): Promise<unknown> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      merchant: { type: "string" },
      mode: { type: "string", default: "test" },
      kind: { type: "string", default: "secret" },
      key: { type: "string" },
    },
  });
  const [group, action, ...rest] = positionals;
  const command = [group, action].filter(Boolean).join(" ");
  /** The one id a command acts on: `orders show ord_…`. */
  const target = (prefix: string): string => {
    const id = rest[0];
    if (!id || rest.length > 1) throw new UsageError(`${command} takes one ${prefix}… id`);
    if (!id.startsWith(prefix)) throw new UsageError(`${command}: expected a ${prefix}… id, got ${id}`);
    return id;
  };
  if (rest.length > 0 && !["merchants suspend", "merchants resume", "orders show", "events resend"].includes(command)) {
    throw new UsageError(`unexpected argument: ${rest.join(" ")}`);
  }
  switch (command) {
    case "merchants create":
      return createMerchant({
        email: required(values, "email"),
        password: required(values, "password"),
        name: required(values, "name"),
      });
    case "merchants list":
      return listMerchants();
    case "merchants suspend":
      return setMerchantSuspended(target("mer_"), true);
    case "merchants resume":
      return setMerchantSuspended(target("mer_"), false);
    case "users reset-password":
      return resetUserPassword(required(values, "email"), required(values, "password"));
    case "keys create": {
      const merchantId = required(values, "merchant");
      await getMerchantOrThrow(merchantId);
      const mode = oneOf<Mode>(values.mode!, ["test", "live"], "mode");
      const kind = oneOf<KeyKind>(values.kind!, ["secret", "publishable"], "kind");
      return createApiKey(merchantId, mode, kind);
    }
    case "keys list":
      return listApiKeys(required(values, "merchant"));
    case "keys revoke": {
      const revoked = await revokeApiKey(required(values, "merchant"), required(values, "key"));
      if (!revoked) throw new ApiError("not_found", "resource_missing", "No such active key for this merchant.");
      return { revoked: true };
    }
    case "keys rotate": {
      const rotated = await rotateApiKey(required(values, "merchant"), required(values, "key"));
      if (!rotated) throw new ApiError("not_found", "resource_missing", "No such active key for this merchant.");
      return rotated;
    }
    // Imported when used: every command pays for what it loads, on each run of the CLI.
    case "orders show": {
      const { showOrder } = await import("../lib/orders/show-order");
      return showOrder(target("ord_"));
    }
    case "events resend": {
      const id = target("evt_");
      const [{ eventOwnerOrThrow }, { resendEvent }, { logger }] = await Promise.all([
        import("../lib/events/get-events"),
        import("../lib/notify/resend-event"),
        import("../lib/log"),
      ]);
      return resendEvent(await eventOwnerOrThrow(id), id, logger());
    }
    default:
      throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  }
}

async function main() {
  loadDotEnv();
  let exitCode = 0;
  try {
    // The CLI may be the first thing an operator runs: make sure the schema exists, as `npm start` does.
    await migrateDatabase(config().DATABASE_URL);
    const result = await run(process.argv.slice(2));
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } catch (error) {
    exitCode = 1;
    if (error instanceof UsageError || (error instanceof Error && error.name === "TypeError" && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      exitCode = 2;
    } else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof ZodError) process.stderr.write(`error: ${fromZodError(error).message}\n`);
    else if (error instanceof ApiError) process.stderr.write(`error: ${error.message}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await closeDb();
  }
  process.exit(exitCode);
}

void main();
