import { z } from "zod";
import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { MySqlColumn } from "drizzle-orm/mysql-core";

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  startingAfter: z.string().min(1).max(64).optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export function parseListQuery(url: URL): ListQuery {
  return listQuerySchema.parse({
    limit: url.searchParams.get("limit") ?? undefined,
    startingAfter: url.searchParams.get("startingAfter") ?? undefined,
  });
}

/**
 * Keyset condition for newest-first lists ordered by (createdAt desc, id desc): rows strictly after
 * the cursor row. Offsets would skip or repeat rows while new ones arrive; a keyset does not.
 */
export function afterCursor(
  columns: { createdAt: MySqlColumn; id: MySqlColumn },
  cursor: { createdAt: Date; id: string },
): SQL {
  return or(
    lt(columns.createdAt, cursor.createdAt),
    and(eq(columns.createdAt, cursor.createdAt), lt(columns.id, cursor.id)),
  )!;
}

export function page<T>(rows: T[], limit: number): { object: "list"; data: T[]; hasMore: boolean } {
  return { object: "list", data: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** The named query parameters that are present, for a list's filter schema to parse. */
export function pickQuery<K extends string>(url: URL, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = url.searchParams.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}
