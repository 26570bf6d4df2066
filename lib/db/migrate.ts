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

/** Creates the database when missing and applies every pending drizzle migration. */
export async function migrateDatabase(url: string): Promise<void> {
  await createDatabaseIfMissing(url);
  const pool = createPool(url, 1);
  try {
    await migrate(drizzle(pool), { migrationsFolder });
  } finally {
    await pool.end();
  }
}
