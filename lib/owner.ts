import { and, eq, type SQL } from "drizzle-orm";
import type { MySqlColumn, MySqlTable } from "drizzle-orm/mysql-core";
import { db } from "./db/client";
import { notFound } from "./api/errors";

/**
 * Whose data: one merchant in one mode. Every read and write of a merchant's data is scoped by it;
 * test and live data never mix. API keys and channel accounts store the mode as "test" | "live"
 * (modeOf / ownerOfKey convert at that edge); everything else carries `livemode`.
 */
export type Owner = { merchantId: string; livemode: boolean };

export type Mode = "test" | "live";

export const modeOf = (owner: Owner): Mode => (owner.livemode ? "live" : "test");

/** The owner an API key acts for: its merchant, in its mode. */
export const ownerOfKey = (key: { merchantId: string; mode: Mode }): Owner => ({ merchantId: key.merchantId, livemode: key.mode === "live" });

/** A table whose rows belong to one merchant; `livemode` where the row has a mode of its own. */
type OwnedTable = MySqlTable & { id: MySqlColumn; merchantId: MySqlColumn; livemode?: MySqlColumn };

/** The condition "belongs to this owner" (merchant, and mode where the table has one). */
export function ownedBy(table: OwnedTable, owner: Owner): SQL {
  return table.livemode ? and(eq(table.merchantId, owner.merchantId), eq(table.livemode, owner.livemode))! : eq(table.merchantId, owner.merchantId);
}

/** The owner's row with this id, or null: another merchant's id, or the other mode's, is no row at all. */
export async function findOwned<T extends OwnedTable>(table: T, owner: Owner, id: string): Promise<T["$inferSelect"] | null> {
  const [row] = await db()
    .select()
    .from(table as MySqlTable)
    .where(and(eq(table.id, id), ownedBy(table, owner)))
    .limit(1);
  return (row as T["$inferSelect"] | undefined) ?? null;
}

/**
 * The owner's row or a 404 that says nothing about anyone else's: existence itself is another
 * merchant's data. `param` names the request field the id came from ("id", "startingAfter", …).
 */
export async function getOwnedOrThrow<T extends OwnedTable>(table: T, owner: Owner, id: string, what: string, param = "id"): Promise<T["$inferSelect"]> {
  const row = await findOwned(table, owner, id);
  if (!row) throw notFound(what, id, param);
  return row;
}
