import { z } from "zod";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { MySqlColumn, MySqlSelect } from "drizzle-orm/mysql-core";

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

export type Page<T> = { object: "list"; data: T[]; hasMore: boolean };

export function page<T>(rows: T[], limit: number): Page<T> {
  return { object: "list", data: rows.slice(0, limit), hasMore: rows.length > limit };
}

type Keyset = { createdAt: MySqlColumn; id: MySqlColumn };
type Row<Q> = Q extends PromiseLike<(infer R)[]> ? R : never;

/**
 * One page of a newest-first list: the caller's select (`.$dynamic()`) and filters, rows strictly
 * after `after` (the cursor row, already checked to be the caller's), ordered by (createdAt desc,
 * id desc), one row more than `limit` read to know whether there is more. Every list (the API's
 * goods, orders and events, the portal's orders and deliveries) pages through here.
 */
export async function keysetPage<Q extends MySqlSelect, V>(
  select: Q,
  keys: Keyset,
  filters: (SQL | undefined)[],
  opts: { limit: number; after: { createdAt: Date; id: string } | null },
  view: (row: Row<Q>) => V,
): Promise<Page<V>> {
  const where = opts.after ? [...filters, afterCursor(keys, opts.after)] : filters;
  const rows = (await select
    .where(and(...where))
    .orderBy(desc(keys.createdAt), desc(keys.id))
    .limit(opts.limit + 1)) as Row<Q>[];
  return page(rows.map(view), opts.limit);
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
