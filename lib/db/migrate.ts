import path from "node:path";
import mysql from "mysql2/promise";
import { drizzle } from "drizzle-orm/mysql2";
import { migrate } from "drizzle-orm/mysql2/migrator";
import { createPool } from "./client";

/** Splits mysql://user@host/db into a server URL and the database name. */
export function splitDatabaseUrl(url: string): { serverUrl: string; database: string } {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) {
    throw new Error(`DATABASE_URL must name a database (letters, digits and _), got "${database}"`);
  }
  u.pathname = "/";
  return { serverUrl: u.toString(), database };
}

export async function createDatabaseIfMissing(url: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(url);
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(url);
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
}

export const migrationsFolder = path.resolve(import.meta.dirname, "../../drizzle");

/** How long a starting process waits for another one's migration before giving up. */
const MIGRATION_LOCK_WAIT_S = 120;

/**
 * Creates the database when missing and applies every pending drizzle migration. Several web and
 * worker processes start together in a deployment; MySQL DDL commits on its own, so two of them
 * migrating at once would both run the same CREATE TABLE and one would fail. A named lock
 * (GET_LOCK, held by the pool's single connection) makes them take turns: the first migrates, the
 * others find nothing left to apply.
 */
export async function migrateDatabase(url: string): Promise<void> {
  await createDatabaseIfMissing(url);
  const pool = createPool(url, 1);
  const { database } = splitDatabaseUrl(url);
  const lockName = `payrelay_migrate:${database}`;
  try {
    const [rows] = await pool.query("SELECT GET_LOCK(?, ?) AS got", [lockName, MIGRATION_LOCK_WAIT_S]);
    if ((rows as Array<{ got: number | null }>)[0]?.got !== 1) {
      throw new Error(`another process has been migrating ${database} for more than ${MIGRATION_LOCK_WAIT_S} s`);
    }
    try {
      await migrate(drizzle(pool), { migrationsFolder });
    } finally {
      await pool.query("SELECT RELEASE_LOCK(?)", [lockName]).catch(() => {});
    }
  } finally {
    await pool.end();
  }
}
