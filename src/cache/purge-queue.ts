/**
 * The purge queue: a table of the tags to purge, written in the transaction of the change that needs
 * them, so that no committed change loses its purge (a crash right after the commit, a cache tier that
 * is down: the row waits). Rows with a later `due_at` are the moments when content changes by time
 * without a write (a teaser window opening or closing). Any instance claims due rows for a while (a
 * lease), sends them, and deletes them; a failed send is retried with backoff; a lease that runs out
 * (the instance died) lets another instance take the rows. Sending twice is harmless: purges are idempotent.
 */
import type { Knex } from 'knex';

export const PURGE_TABLE = 'newsroom_purges';

/** How long a claim holds rows before another instance may take them. */
export const LEASE_MS = 60_000;
/** Rows sent together at most (their tags are merged, deduplicated and chunked by the adapter). */
export const CLAIM_BATCH = 500;
/** Backoff after a failed send: 1 s, 2 s, 4 s, … at most 5 minutes. */
export const retryDelayMs = (attempts: number): number => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);

export interface ClaimedPurge {
  id: number;
  tags: string[];
  attempts: number;
  /** Only for the cache tier (a repeat of a purge the origin caches already had): see `enqueuePurge`. */
  tierOnly: boolean;
}

/** Creates the table and its index when missing (after every schema sync; Strapi leaves tables it did not create alone). */
export async function ensurePurgeQueue(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable(PURGE_TABLE))) {
    await knex.schema.createTable(PURGE_TABLE, (table) => {
      table.increments('id').primary();
      table.text('tags').notNullable();
      table.bigInteger('due_at').notNullable();
      table.bigInteger('next_attempt_at').notNullable();
      table.bigInteger('claimed_until').nullable();
      table.integer('attempts').notNullable().defaultTo(0);
      table.boolean('tier_only').notNullable().defaultTo(false);
      table.bigInteger('created_at').notNullable();
      table.index(['due_at'], `${PURGE_TABLE}_due_idx`);
    });
  } else if (!(await knex.schema.hasColumn(PURGE_TABLE, 'tier_only'))) {
    // A queue made before repeats for the tier alone existed.
    await knex.schema.alterTable(PURGE_TABLE, (table) => {
      table.boolean('tier_only').notNullable().defaultTo(false);
    });
  }
}

/**
 * Adds a purge of `tags` at `dueAt` (epoch ms), through `knex` (the change's transaction). `tierOnly`: a repeat
 * for the cache tier alone; the origin caches neither drop entries for it nor expire at its moment (they refuse
 * answers built during a purge by themselves: src/cache/origin-cache.ts).
 */
export async function enqueuePurge(knex: Knex, tags: readonly string[], dueAt: number, now = Date.now(), { tierOnly = false } = {}): Promise<void> {
  if (tags.length === 0) return;
  await knex(PURGE_TABLE).insert({
    tags: tags.join(' '),
    due_at: dueAt,
    next_attempt_at: dueAt,
    claimed_until: null,
    attempts: 0,
    tier_only: tierOnly,
    created_at: now,
  });
}

/** True when a row is due and free to claim: the cheap check before a claim. */
export async function hasDuePurges(knex: Knex, now = Date.now()): Promise<boolean> {
  const row = await knex(PURGE_TABLE)
    .where('due_at', '<=', now)
    .andWhere('next_attempt_at', '<=', now)
    .andWhere((free) => {
      void free.whereNull('claimed_until').orWhere('claimed_until', '<', now);
    })
    .first('id');
  return row !== undefined;
}

/**
 * Claims up to CLAIM_BATCH due rows for LEASE_MS. One statement: two instances never claim the same row
 * (PostgreSQL skips rows another claim has locked; SQLite has one writer at a time).
 */
export async function claimDuePurges(knex: Knex, now = Date.now()): Promise<ClaimedPurge[]> {
  const postgres = knex.client.config.client === 'pg' || knex.client.config.client === 'postgres';
  const sql =
    `UPDATE ${PURGE_TABLE} SET claimed_until = ? WHERE id IN (` +
    `SELECT id FROM ${PURGE_TABLE} WHERE due_at <= ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ` +
    `ORDER BY id LIMIT ?${postgres ? ' FOR UPDATE SKIP LOCKED' : ''}) RETURNING id, tags, attempts, tier_only`;
  const result: unknown = await knex.raw(sql, [now + LEASE_MS, now, now, now, CLAIM_BATCH]);
  const rows = (postgres ? (result as { rows: unknown[] }).rows : (result as unknown[])) as Array<{
    id: unknown;
    tags: unknown;
    attempts: unknown;
    tier_only: unknown;
  }>;
  return rows.map((row) => ({
    id: Number(row.id),
    tags: String(row.tags).split(' ').filter(Boolean),
    attempts: Number(row.attempts),
    tierOnly: row.tier_only === true || row.tier_only === 1,
  }));
}

/** Sent: the rows go. */
export async function completePurges(knex: Knex, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await knex(PURGE_TABLE).whereIn('id', ids).delete();
}

/** Not sent: the rows wait for their next attempt (backoff by attempts). */
export async function retryPurges(knex: Knex, claimed: readonly ClaimedPurge[], now = Date.now()): Promise<void> {
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    await knex(PURGE_TABLE)
      .where('id', row.id)
      .update({ attempts, next_attempt_at: now + retryDelayMs(attempts), claimed_until: null });
  }
}

/** The next moment a row falls due (epoch ms), or null: the origin cache expires its entries then. */
export async function nextDueAt(knex: Knex, now = Date.now()): Promise<number | null> {
  const row = (await knex(PURGE_TABLE).where('due_at', '>', now).andWhere('tier_only', false).min({ next: 'due_at' }).first()) as { next: unknown } | undefined;
  return row?.next === null || row?.next === undefined ? null : Number(row.next);
}
