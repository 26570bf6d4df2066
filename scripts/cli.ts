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
import { createMerchant, getMerchantOrThrow, listMerchants } from "../lib/merchants/merchants";
import { createApiKey, listApiKeys, revokeApiKey, type KeyKind, type Mode } from "../lib/api-keys/api-keys";

const USAGE = `usage: npm run cli -- <command>
  merchants create --email E --password P --name N
  merchants list
  keys create --merchant mer_… [--mode test|live] [--kind secret|publishable]
  keys list --merchant mer_…
  keys revoke --merchant mer_… --key key_…`;

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
  const command = positionals.join(" ");
  switch (command) {
    case "merchants create":
      return createMerchant({
        email: required(values, "email"),
        password: required(values, "password"),
        name: required(values, "name"),
      });
    case "merchants list":
      return listMerchants();
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
