import mysql, { type Pool, type PoolConnection, type ResultSetHeader } from "mysql2";
import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import type { MySqlTable } from "drizzle-orm/mysql-core";
import { processShared } from "../process-shared";
import { config } from "../config";

/**
 * A write transaction in one round trip: `START TRANSACTION; insert …; insert …; COMMIT` sent as
 * one multi-statement query, so a prepay's order, channel record, event and deliveries cost one
 * socket write and one answer instead of a round trip each (issue 16: every round trip is a syscall
 * on each side and a wake-up of the event loop, and the web process is CPU-bound).
 *
 * Only this module sends multiple statements, on a pool of its own: the SQL is fixed text built
 * from the schema's column names, and every value is escaped by mysql2's `format` (the same escaping
 * drizzle's queries get, since drizzle formats on the client too). The rest of the app keeps a pool
 * that refuses multiple statements.
 */

export type Statement = { sql: string; values: unknown[] };

type InsertShape = { sql: string; columns: Column[] };

/**
 * What a later statement of the same trip may depend on: `APPLIED` is true when the statement
 * before `rememberApplied()` changed exactly one row (a compare-and-set that won). Fixed SQL text,
 * never built from input.
 */
export type Condition = "applied";
const CONDITIONS: Record<Condition, string> = { applied: "@payrelay_applied = 1" };

/** Remembers whether the previous statement changed exactly one row, for `onlyIf: "applied"` (a session variable, set anew in every trip that uses it). */
export function rememberApplied(): Statement {
  return { sql: "set @payrelay_applied = row_count()", values: [] };
}
const shapes = new WeakMap<MySqlTable, Map<string, InsertShape>>();

/**
 * `INSERT INTO table (…) VALUES (…)` for one row given as the table's insert type (camelCase keys),
 * values converted the way drizzle converts them (dates, JSON, booleans); undefined keys are left
 * to the column's default. The statement text is built once per table and set of keys.
 */
export function insertStatement<T extends MySqlTable>(table: T, row: T["$inferInsert"], options: { ignore?: boolean; onlyIf?: Condition } = {}): Statement {
  const record = row as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  const shapeKey = `${options.ignore ? "i" : ""}${options.onlyIf ?? ""}|${keys.join(",")}`;
  let byKeys = shapes.get(table);
  if (!byKeys) shapes.set(table, (byKeys = new Map()));
  let shape = byKeys.get(shapeKey);
  if (!shape) {
    const all = getTableColumns(table) as Record<string, Column>;
    const columns = keys.map((k) => {
      const column = all[k];
      if (!column) throw new Error(`${getTableName(table)} has no column ${k}`);
      return column;
    });
    const placeholders = columns.map(() => "?").join(", ");
    shape = {
      sql:
        `insert${options.ignore ? " ignore" : ""} into \`${getTableName(table)}\` (${columns.map((c) => `\`${c.name}\``).join(", ")}) ` +
        (options.onlyIf ? `select ${placeholders} from dual where ${CONDITIONS[options.onlyIf]}` : `values (${placeholders})`),
      columns,
    };
    byKeys.set(shapeKey, shape);
  }
  const values = keys.map((k, i) => {
    const value = record[k];
    return value === null ? null : shape.columns[i]!.mapToDriverValue(value);
  });
  return { sql: shape.sql, values };
}

/**
 * `UPDATE table SET … WHERE a = ? AND b = ?` (equality on each key of `where`), values converted as
 * drizzle converts them; for a compare-and-set whose outcome later statements read (`rememberApplied`).
 */
export function updateStatement<T extends MySqlTable>(table: T, set: Partial<T["$inferInsert"]>, where: Partial<T["$inferSelect"]>): Statement {
  const all = getTableColumns(table) as Record<string, Column>;
  const column = (k: string) => {
    const c = all[k];
    if (!c) throw new Error(`${getTableName(table)} has no column ${k}`);
    return c;
  };
  const value = (k: string, v: unknown) => (v === null ? null : column(k).mapToDriverValue(v));
  const sets = Object.entries(set as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const conditions = Object.entries(where as Record<string, unknown>);
  if (sets.length === 0 || conditions.length === 0) throw new Error("updateStatement needs something to set and a condition");
  if (conditions.some(([, v]) => v === null || v === undefined)) throw new Error("updateStatement compares with = (never true for NULL)");
  return {
    sql: `update \`${getTableName(table)}\` set ${sets.map(([k]) => `\`${column(k).name}\` = ?`).join(", ")} where ${conditions.map(([k]) => `\`${column(k).name}\` = ?`).join(" and ")}`,
    values: [...sets.map(([k, v]) => value(k, v)), ...conditions.map(([k, v]) => value(k, v))],
  };
}

/** One per process, whichever module graph runs a trip (lib/process-shared.ts). */
const shared = processShared("one-trip-pool", () => ({ pool: undefined as Pool | undefined }));

function onePool(): Pool {
  if (!shared.pool) {
    const pool = mysql.createPool({ uri: config().DATABASE_URL, connectionLimit: 10, timezone: "Z", dateStrings: false, supportBigNumbers: true, multipleStatements: true });
    pool.on("connection", (conn) => {
      conn.query("SET time_zone = '+00:00'");
    });
    shared.pool = pool;
  }
  return shared.pool;
}

export async function closeOneTripPool(): Promise<void> {
  const p = shared.pool;
  shared.pool = undefined;
  if (p) await new Promise<void>((resolve) => p.end(() => resolve()));
}

function connection(): Promise<PoolConnection> {
  return new Promise((resolve, reject) => onePool().getConnection((error, conn) => (error ? reject(error) : resolve(conn))));
}

function run(conn: PoolConnection, sql: string): Promise<ResultSetHeader[]> {
  return new Promise((resolve, reject) => conn.query(sql, (error, results) => (error ? reject(error) : resolve(results as unknown as ResultSetHeader[]))));
}

/**
 * Runs the statements in one transaction, sent as one query; resolves with each statement's result
 * once committed. When a statement fails, MySQL stops there with the transaction open: it is rolled
 * back before the connection goes back to the pool (or the connection is dropped if even that
 * fails), and the statement's error is thrown, so a failure changes nothing.
 */
export async function commitInOneTrip(statements: Statement[]): Promise<ResultSetHeader[]> {
  if (statements.length === 0) return [];
  const conn = await connection();
  const text = ["start transaction", ...statements.map((s) => conn.format(s.sql, s.values)), "commit"].join(";\n");
  try {
    const results = await run(conn, text);
    conn.release();
    return results.slice(1, 1 + statements.length);
  } catch (error) {
    try {
      await run(conn, "rollback");
      conn.release();
    } catch {
      conn.destroy();
    }
    throw error;
  }
}
