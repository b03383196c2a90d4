/**
 * Unique indexes that make the database itself hold two rules, also when several instances write to
 * one PostgreSQL database at once (in-process queues only serialize one process):
 *
 * - slugs are unique per type: an article's slug among article *drafts* (Strapi 5 keeps a draft row
 *   and a published row per document, both with the same slug; every document has a draft row), a
 *   section's slug among all sections (no Draft & Publish: one row per document);
 * - a document has at most one draft row and at most one published row (articles, teasers): two
 *   publications racing each other can otherwise both delete the old published row and each insert
 *   a new one (see src/documents/publication-lock.ts).
 *
 * Created like the reader indexes (src/database/reader-indexes.ts): by the migration
 * database/migrations/2025.12.01T00.00.00.integrity-indexes.ts on an existing database and after
 * every schema sync (src/index.ts). Articles, sections and teasers are localised (src/locales/): each locale
 * of a document is a row of its own, so every rule holds per locale (`locale` is a column of each index);
 * the indexes of before localisation (RETIRED_INTEGRITY_INDEXES) are dropped.
 *
 * A database that already breaks a rule (say two drafts with one slug, written by two instances
 * before this index existed) cannot get the index. It is then not created, and the start goes on:
 * `ensureIntegrityIndexes` reports the clashing values, the start-up logs them with what to do, and
 * the next start after the fix creates the index. Nothing is fixed automatically: renaming a slug
 * moves a published page's address, and which of two published rows is the right one is an
 * editor's call.
 */
import { createIndexSql, tableReady, quote, type IndexKnex, type ReaderIndex } from './reader-indexes';

export interface IntegrityIndex extends ReaderIndex {
  unique: true;
  /** What the index guards: a slug, or the versions (draft / published) of a document. */
  guards: 'slug' | 'versions';
}

const version = (table: string, kind: 'draft' | 'published'): IntegrityIndex => ({
  name: `${table}_one_${kind}_per_document_locale`,
  table,
  columns: ['document_id', 'locale'],
  where: kind === 'draft' ? 'published_at IS NULL' : 'published_at IS NOT NULL',
  unique: true,
  guards: 'versions',
});

export const INTEGRITY_INDEXES: readonly IntegrityIndex[] = [
  { name: 'articles_draft_slug_locale_unique', table: 'articles', columns: ['slug', 'locale'], where: 'published_at IS NULL', unique: true, guards: 'slug' },
  { name: 'sections_slug_locale_unique', table: 'sections', columns: ['slug', 'locale'], unique: true, guards: 'slug' },
  version('articles', 'draft'),
  version('articles', 'published'),
  version('teasers', 'draft'),
  version('teasers', 'published'),
];

/** The indexes of before localisation (one slug, one draft per document across every locale): dropped at start. */
export const RETIRED_INTEGRITY_INDEXES: readonly string[] = [
  'articles_draft_slug_unique',
  'sections_slug_unique',
  ...['articles', 'teasers'].flatMap((table) => [`${table}_one_draft_per_document`, `${table}_one_published_per_document`]),
];

/** A value held by more than one row where the index allows one. */
export interface Duplicate {
  value: string;
  rows: number;
}

export interface IndexConflict {
  index: IntegrityIndex;
  duplicates: Duplicate[];
}

/** At most this many clashing values are named in a report. */
const REPORTED = 20;

/** The clashing values of an index's columns, named `value` (its first column: slug or documentId) and `locale`. */
export function duplicatesSql(index: IntegrityIndex): string {
  const [first, ...rest] = index.columns.map(quote);
  const columns = [first, ...rest];
  const conditions = [...(index.where ? [index.where] : []), ...columns.map((column) => `${column} IS NOT NULL`)].join(' AND ');
  const others = rest.map((column) => `, ${column} AS ${column}`).join('');
  return (
    `SELECT ${first} AS value${others}, COUNT(*) AS total FROM ${quote(index.table)} WHERE ${conditions} ` +
    `GROUP BY ${columns.join(', ')} HAVING COUNT(*) > 1 ORDER BY ${columns.join(', ')} LIMIT ${REPORTED}`
  );
}

/** Rows of a raw query on either client: better-sqlite3 gives an array, pg a result with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/**
 * Creates the integrity indexes that are missing. Skips those whose table is not there yet (a
 * brand-new database, before the schema sync) and those the stored data already breaks: these come
 * back in `conflicts`, with the clashing values. Running it again changes nothing.
 */
export async function ensureIntegrityIndexes(knex: IndexKnex): Promise<{ skipped: string[]; conflicts: IndexConflict[] }> {
  const skipped: string[] = [];
  const conflicts: IndexConflict[] = [];
  for (const name of RETIRED_INTEGRITY_INDEXES) await knex.raw(`DROP INDEX IF EXISTS ${quote(name)}`);
  for (const index of INTEGRITY_INDEXES) {
    if (!(await tableReady(knex, index))) {
      skipped.push(index.name);
      continue;
    }
    const duplicates = rowsOf<{ value: unknown; locale?: string | null; total: unknown }>(await knex.raw(duplicatesSql(index))).map((row) => ({
      value: row.locale === undefined ? String(row.value) : `${String(row.value)}" in locale "${row.locale ?? ''}`,
      rows: Number(row.total),
    }));
    if (duplicates.length > 0) {
      skipped.push(index.name);
      conflicts.push({ index, duplicates });
      continue;
    }
    await knex.raw(createIndexSql(index));
  }
  return { skipped, conflicts };
}

export async function dropIntegrityIndexes(knex: IndexKnex): Promise<void> {
  for (const index of INTEGRITY_INDEXES) await knex.raw(`DROP INDEX IF EXISTS ${quote(index.name)}`);
}

/** One log line per index the stored data keeps from being created: what clashes, and what to do. */
export function describeConflict({ index, duplicates }: IndexConflict): string {
  const listed = duplicates.map((d) => `"${d.value}" (${d.rows} rows)`).join(', ');
  const more = duplicates.length >= REPORTED ? ' and maybe more' : '';
  const rows = index.where === 'published_at IS NULL' ? 'draft rows' : index.where ? 'published rows' : 'rows';
  if (index.guards === 'slug') {
    return (
      `Unique index ${index.name} not created: these slugs are held by several ${index.table} ${rows}: ${listed}${more}. ` +
      `Give each ${index.table === 'articles' ? 'article' : 'section'} its own slug (admin panel or API), then restart; ` +
      `until then two instances creating at the same moment may give two documents one slug.`
    );
  }
  return (
    `Unique index ${index.name} not created: these ${index.table} documents have more than one of their ${rows}: ${listed}${more}. ` +
    `Publish or unpublish each once more (that leaves one version of each kind), then restart; ` +
    `until then concurrent publications from several instances are not guarded by the database.`
  );
}

/** A unique-index violation raised by the database (PostgreSQL or SQLite), if `error` is one. */
export interface UniqueViolation {
  table: string;
  /** The index, when the database names it (PostgreSQL) or only one integrity index fits (SQLite). */
  index?: IntegrityIndex;
  /** What the violated index guards, when it is one of ours. */
  guards?: IntegrityIndex['guards'];
}

export function uniqueViolation(error: unknown): UniqueViolation | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, constraint, table, message } = error as { code?: unknown; constraint?: unknown; table?: unknown; message?: unknown };
  if (code === '23505') {
    const index = INTEGRITY_INDEXES.find((candidate) => candidate.name === constraint);
    return { table: typeof table === 'string' ? table : (index?.table ?? ''), index, guards: index?.guards };
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string') {
    // "UNIQUE constraint failed: articles.slug" (SQLite names the columns, not the index).
    const match = /UNIQUE constraint failed: ([\w.,\s]+)$/.exec(message);
    if (!match) return undefined;
    const columns = match[1].split(',').map((part) => part.trim());
    const tableName = columns[0].split('.')[0];
    const names = columns.map((part) => part.split('.')[1]).join(',');
    const candidates = INTEGRITY_INDEXES.filter((candidate) => candidate.table === tableName && candidate.columns.join(',') === names);
    return {
      table: tableName,
      index: candidates.length === 1 ? candidates[0] : undefined,
      guards: candidates[0]?.guards,
    };
  }
  return undefined;
}
