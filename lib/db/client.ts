import mysql from "mysql2/promise";
import { drizzle, type MySql2Database } from "drizzle-orm/mysql2";
import { config } from "../config";
import * as schema from "./schema";
import { closeOneTripPool } from "./one-trip";
import { processShared } from "../process-shared";

export type Db = MySql2Database<typeof schema>;
/** An open transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** What a function that writes needs: the pool's db or an open transaction. */
export type DbOrTx = Db | Tx;

/** The pool is the process's (every module graph's: lib/process-shared.ts); the drizzle wrapper is this graph's, around it. */
const shared = processShared("db-pool", () => ({ pool: undefined as mysql.Pool | undefined }));
let database: Db | undefined;
let databasePool: mysql.Pool | undefined;

/** Every connection speaks UTC, so CURRENT_TIMESTAMP and JS Dates agree whatever TZ the process has. */
export function createPool(url: string, connectionLimit = 10): mysql.Pool {
  // trace: false: mysql2 otherwise captures a stack for every query (3 % of the web's CPU on the callback path, issue 16).
  const p = mysql.createPool({ uri: url, connectionLimit, timezone: "Z", dateStrings: false, supportBigNumbers: true, trace: false });
  p.pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  return p;
}

export function db(): Db {
  shared.pool ??= createPool(config().DATABASE_URL);
  if (!database || databasePool !== shared.pool) {
    database = drizzle(shared.pool, { schema, mode: "default" });
    databasePool = shared.pool;
  }
  return database;
}

export async function closeDb(): Promise<void> {
  const p = shared.pool;
  shared.pool = undefined;
  database = undefined;
  databasePool = undefined;
  await Promise.all([p?.end(), closeOneTripPool()]);
}

/** MySQL's "duplicate entry" error, for unique-constraint races. */
/**
 * Runs `fn` (a whole transaction) again when InnoDB rolled it back as a deadlock victim (1213) or
 * after a lock wait timeout (1205): racing locking reads, e.g. two first inserts into neighbouring
 * gaps of a unique index, are a normal outcome under concurrency, and the retry then succeeds.
 */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const errno = (error as { errno?: number }).errno ?? (error as { cause?: { errno?: number } }).cause?.errno;
      if (i >= attempts || (errno !== 1213 && errno !== 1205)) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}

export function isDuplicateKey(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 3 && e; i++) {
    if (typeof e === "object" && e !== null && (e as { code?: string }).code === "ER_DUP_ENTRY") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
