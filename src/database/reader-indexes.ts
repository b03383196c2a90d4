/**
 * Applies the indexes the reader's queries rely on, on SQLite and PostgreSQL. They are declared next to
 * those queries (src/reader/queries/*, collected in src/reader/indexes.ts) in attribute names, and resolved
 * to table and column names from Strapi's metadata:
 *
 * - an article by slug (`/api/articles/by-slug/:slug`, also the stock `filters[slug][$eq]`);
 * - the newest published articles of a section ("More from": walked newest first, stopping after a few
 *   hits, instead of sorting every published article of the section);
 * - the teasers shown now (published, not yet ended): expired teasers, however many, are never read.
 *
 * Applied by the migration database/migrations/2025.11.25T00.00.00.reader-indexes.ts on existing
 * databases, and after every schema sync (src/index.ts): Strapi runs user migrations *before* it creates
 * the tables, so on a brand-new database the migration finds no table and only the second call can
 * create them. The metadata is there in both cases (Strapi loads it before it runs the migrations, and
 * passes its database to each migration); the tables may not be. Both use `CREATE INDEX IF NOT EXISTS`:
 * running them again changes nothing, and the index names never change. Strapi's schema sync leaves
 * indexes it did not create alone.
 */
import { READER_INDEX_DECLARATIONS, readerIndexes } from '../reader/indexes';
import type { Metadata } from '../reader/names';

export interface ReaderIndex {
  name: string;
  table: string;
  columns: string[];
  /** A partial index: only rows matching this condition (same text on SQLite and PostgreSQL). */
  where?: string;
  /** A unique index (src/database/integrity-indexes.ts); the reader indexes are not. */
  unique?: boolean;
}

/** The part of Knex used here (a transaction inside migrations, `strapi.db.connection` elsewhere). */
export interface IndexKnex {
  raw(sql: string, bindings?: readonly unknown[]): PromiseLike<unknown>;
  schema: { hasTable(table: string): PromiseLike<boolean>; hasColumn(table: string, column: string): PromiseLike<boolean> };
}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function createIndexSql(index: ReaderIndex): string {
  return (
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quote(index.name)} ON ${quote(index.table)} (${index.columns.map(quote).join(', ')})` +
    (index.where ? ` WHERE ${index.where}` : '')
  );
}

/** True when the table and every column of the index exist (on a brand-new database they do not yet). */
export async function tableReady(knex: IndexKnex, index: ReaderIndex): Promise<boolean> {
  if (!(await knex.schema.hasTable(index.table))) return false;
  for (const column of index.columns) if (!(await knex.schema.hasColumn(index.table, column))) return false;
  return true;
}

/**
 * Creates the reader indexes that are missing; skips (and reports) those whose table or columns do not
 * exist yet. Returns what it skipped, so that a caller can tell.
 */
export async function ensureReaderIndexes(knex: IndexKnex, metadata: Metadata): Promise<{ skipped: string[] }> {
  const skipped: string[] = [];
  for (const index of readerIndexes(metadata)) {
    if (!(await tableReady(knex, index))) {
      skipped.push(index.name);
      continue;
    }
    await knex.raw(createIndexSql(index));
  }
  return { skipped };
}

export async function dropReaderIndexes(knex: IndexKnex): Promise<void> {
  for (const index of READER_INDEX_DECLARATIONS) await knex.raw(`DROP INDEX IF EXISTS ${quote(index.name)}`);
}
