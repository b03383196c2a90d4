/**
 * The search index and its queries, for SQLite (FTS5, bm25, snippet) and PostgreSQL (a weighted tsvector
 * with a GIN index, websearch_to_tsquery, ts_rank_cd, ts_headline for the page's rows only).
 *
 * The index holds every published article row (title weighted above body; the body's text from
 * src/search/text.ts), keyed by the row's id, with the row's document, version (its updatedAt), locale and
 * that locale's text-search language (src/search/languages.ts), so that an index out of step can be found
 * and repaired. It never holds a draft row. A search looks in one locale, with that locale's language. Who
 * may see a hit is not the index's business: every search joins the article row and applies the one
 * visibility rule (src/visibility/), so an entry left behind by anything shows nothing.
 *
 * Tables (created after every schema sync, Strapi leaves tables it did not make alone):
 *   SQLite      newsroom_search_docs (article_id, document_id, version, locale, language)
 *               + newsroom_search_fts (FTS5 porter: title, body) for the rows of English-language locales
 *               + newsroom_search_fts_unstemmed (FTS5 unicode61: title, body) for every other locale's rows
 *   PostgreSQL  newsroom_search (article_id, document_id, version, locale, language, title, body,
 *               document tsvector + GIN): tsvector and queries with the entry's language
 *   both        newsroom_search_state: how the index was built (tokenizers, language rule); another one rebuilds it.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ARTICLE } from '../visibility/definition';
import { iso, json, text, textOrNull, idOrNull } from '../reader/decode';
import { rows } from '../reader/driver';
import { names, type Names } from '../reader/names';
import { col, q, visible } from '../reader/queries/fragments';
import { searchSettings, type SearchLanguage } from '../settings/search';
import { newsSettings } from '../settings/news';
import { FTS5_TOKENIZE, fts5TokenizerOf, searchLanguageOf, searchLanguageRuleKey, type Fts5Tokenizer, type SearchLanguageRule } from './languages';
import { liftStatementDeadline } from '../database/statement-deadline';
import { indexable, MARK_END, MARK_START, searchText, shieldTags } from './text';
import { toFts5, toWebsearchParts, type ParsedQuery } from './query';

export const STATE_TABLE = 'newsroom_search_state';
export const SQLITE_DOCS = 'newsroom_search_docs';
/** FTS5 tables by tokenizer: the porter one holds the rows of English-language locales, the other every other locale's. */
export const SQLITE_FTS = 'newsroom_search_fts';
export const SQLITE_FTS_UNSTEMMED = 'newsroom_search_fts_unstemmed';
const FTS_TABLES: Readonly<Record<Fts5Tokenizer, string>> = { porter: SQLITE_FTS, unicode61: SQLITE_FTS_UNSTEMMED };
const FTS_TOKENIZERS = Object.keys(FTS_TABLES) as Fts5Tokenizer[];
/** The FTS5 table of a language's entries. */
export const sqliteFtsTable = (language: SearchLanguage): string => FTS_TABLES[fts5TokenizerOf(language)];
export const PG_TABLE = 'newsroom_search';

/**
 * Characters of a body that are indexed (about 30,000 words: longer than any article). PostgreSQL refuses a
 * tsvector over 1 MB, which half a megabyte of distinct short words reaches; the rest of such a body is not searched.
 */
export const MAX_INDEXED_CHARS = 200_000;

/** The first `max` characters, never half of a surrogate pair. */
function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Rows written per statement when (re)building. */
const BATCH = 500;
/** Weight of a title match against a body match: bm25 column weights on SQLite; ts_rank_cd weights {D, C, B, A} on PostgreSQL. */
const BM25_WEIGHTS = '10.0, 1.0';
const PG_WEIGHTS = '{0.05, 0.1, 0.2, 1.0}';
/** Tokens around the matches in a snippet (SQLite), words (PostgreSQL). */
const SNIPPET_TOKENS = 32;
const HEADLINE_OPTIONS = `StartSel="${MARK_START}", StopSel="${MARK_END}", MaxWords=35, MinWords=15, ShortWord=3`;

export type Dialect = 'sqlite' | 'postgres';
type Runner = Knex | Knex.Transaction;

export const dialectOf = (strapi: Core.Strapi): Dialect => (strapi.db.dialect.client === 'postgres' ? 'postgres' : 'sqlite');

/** What the index was built with: a different value means rebuilding it (the doctor compares it too). */
export const searchIndexSignature = (dialect: Dialect, rule: SearchLanguageRule): string =>
  dialect === 'sqlite' ? `fts5 2 porter+unicode61 ${searchLanguageRuleKey(rule)}` : `tsvector 3 ${searchLanguageRuleKey(rule)}`;

/** The settings that decide each locale's language: NEWS_DEFAULT_LOCALE and SEARCH_LANGUAGE. */
export const searchLanguageRule = (strapi: Core.Strapi): SearchLanguageRule => ({
  defaultLocale: newsSettings(strapi).locales.defaultLocale,
  defaultLanguage: searchSettings(strapi).language,
});

const rawRows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

/** PostgreSQL's text search configurations, read once per Strapi (a language missing there is `simple`). */
const pgConfigurations = new WeakMap<Core.Strapi, ReadonlySet<string>>();

/** The text-search language of each locale on this database (src/search/languages.ts). */
export async function searchLanguages(strapi: Core.Strapi, knex: Runner = strapi.db.connection): Promise<(locale: string | null) => SearchLanguage> {
  const rule = searchLanguageRule(strapi);
  let available: ReadonlySet<string> | undefined;
  if (dialectOf(strapi) === 'postgres') {
    available = pgConfigurations.get(strapi);
    if (!available) {
      available = new Set(rawRows<{ name: string }>(await knex.raw('SELECT cfgname AS name FROM pg_ts_config')).map((row) => row.name));
      pgConfigurations.set(strapi, available);
    }
  }
  return (locale) => searchLanguageOf(locale ?? rule.defaultLocale, rule, available);
}

/**
 * Creates the index's tables when missing, and empties and recreates them when they were built for another
 * tokenizer or language. Returns true when the index was (re)created empty (it must then be filled).
 */
export async function ensureSearchIndex(strapi: Core.Strapi, knex: Runner = strapi.db.connection): Promise<boolean> {
  const dialect = dialectOf(strapi);
  const signature = searchIndexSignature(dialect, searchLanguageRule(strapi));
  return (knex as Knex).transaction(async (trx) => {
    if (dialect === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [STATE_TABLE]);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ${q(STATE_TABLE)} (${q('key')} varchar(64) PRIMARY KEY, ${q('value')} text NOT NULL)`);
    const [state] = rawRows<{ value: string }>(await trx.raw(`SELECT ${q('value')} AS value FROM ${q(STATE_TABLE)} WHERE ${q('key')} = ?`, ['index']));
    let exists = true;
    for (const table of entryTables(dialect)) exists = exists && (await trx.schema.hasTable(table));
    if (dialect === 'postgres') {
      const [ctype] = rawRows<{ ctype: string }>(await trx.raw('SELECT datctype AS ctype FROM pg_database WHERE datname = current_database()'));
      if (ctype && /^(C|POSIX)$/i.test(ctype.ctype)) {
        strapi.log.warn(
          `Search: this PostgreSQL database has LC_CTYPE ${ctype.ctype}: its text search takes every non-ASCII character for a letter, ` +
            'so words next to quotes and dashes are not found. Create the database with a UTF-8 locale (C.UTF-8, en_US.UTF-8).',
        );
      }
    }
    if (exists && state?.value === signature) return false;
    if (dialect === 'sqlite') {
      for (const table of entryTables(dialect)) await trx.raw(`DROP TABLE IF EXISTS ${q(table)}`);
      await trx.raw(
        `CREATE TABLE ${q(SQLITE_DOCS)} (article_id INTEGER PRIMARY KEY, document_id TEXT NOT NULL, version TEXT, locale TEXT, language TEXT NOT NULL)`,
      );
      await trx.raw(`CREATE INDEX ${q(`${SQLITE_DOCS}_document_idx`)} ON ${q(SQLITE_DOCS)} (document_id)`);
      for (const tokenizer of FTS_TOKENIZERS) {
        await trx.raw(`CREATE VIRTUAL TABLE ${q(FTS_TABLES[tokenizer])} USING fts5(title, body, tokenize = '${FTS5_TOKENIZE[tokenizer]}')`);
      }
    } else {
      await trx.raw(`DROP TABLE IF EXISTS ${q(PG_TABLE)}`);
      await trx.raw(
        `CREATE TABLE ${q(PG_TABLE)} (article_id integer PRIMARY KEY, document_id varchar(255) NOT NULL, version text, ` +
          `locale varchar(255), language varchar(64) NOT NULL, title text NOT NULL, body text NOT NULL, document tsvector NOT NULL)`,
      );
      await trx.raw(`CREATE INDEX ${q(`${PG_TABLE}_document_idx`)} ON ${q(PG_TABLE)} USING gin (document)`);
      await trx.raw(`CREATE INDEX ${q(`${PG_TABLE}_document_id_idx`)} ON ${q(PG_TABLE)} (document_id)`);
    }
    await trx.raw(`DELETE FROM ${q(STATE_TABLE)} WHERE ${q('key')} = ?`, ['index']);
    await trx.raw(`INSERT INTO ${q(STATE_TABLE)} (${q('key')}, ${q('value')}) VALUES (?, ?)`, ['index', signature]);
    return true;
  });
}

interface SourceRow {
  id: unknown;
  document_id: unknown;
  version: unknown;
  locale: unknown;
  title: unknown;
  body: unknown;
}

/** The published article rows matching `where` (a SQL condition on alias `a`), as the index stores them. */
async function sourceRows(knex: Runner, n: Names, where: string, bindings: unknown[], limit?: number): Promise<SourceRow[]> {
  const a = n.article;
  const sql =
    `SELECT a.id AS id, ${col('a', a.documentId)} AS document_id, CAST(${col('a', a.updatedAt)} AS TEXT) AS version, ` +
    `${col('a', a.locale)} AS locale, ${col('a', a.title)} AS title, ${col('a', a.body)} AS body FROM ${q(a.table)} a ` +
    `WHERE ${col('a', a.publishedAt)} IS NOT NULL AND ${where} ORDER BY a.id${limit === undefined ? '' : ' LIMIT ?'}`;
  return rawRows<SourceRow>(await knex.raw(sql, (limit === undefined ? bindings : [...bindings, limit]) as Knex.RawBinding[]));
}

/** Writes index entries for `found` (their old entries must be gone). */
async function insertEntries(strapi: Core.Strapi, knex: Runner, found: readonly SourceRow[]): Promise<void> {
  const dialect = dialectOf(strapi);
  const languageOf = await searchLanguages(strapi, knex);
  for (let start = 0; start < found.length; start += BATCH) {
    const batch = found.slice(start, start + BATCH).map((row) => ({
      id: Number(row.id),
      documentId: text(row.document_id),
      version: textOrNull(row.version),
      locale: textOrNull(row.locale),
      language: languageOf(textOrNull(row.locale)),
      title: indexable(text(row.title)),
      body: capped(searchText(json(row.body)), MAX_INDEXED_CHARS),
    }));
    if (dialect === 'sqlite') {
      const docs = batch.map(() => '(?, ?, ?, ?, ?)').join(', ');
      await knex.raw(
        `INSERT INTO ${q(SQLITE_DOCS)} (article_id, document_id, version, locale, language) VALUES ${docs}`,
        batch.flatMap((row) => [row.id, row.documentId, row.version, row.locale, row.language]),
      );
      for (const tokenizer of FTS_TOKENIZERS) {
        const rowsOf = batch.filter((row) => fts5TokenizerOf(row.language) === tokenizer);
        if (rowsOf.length === 0) continue;
        await knex.raw(
          `INSERT INTO ${q(FTS_TABLES[tokenizer])} (rowid, title, body) VALUES ${rowsOf.map(() => '(?, ?, ?)').join(', ')}`,
          rowsOf.flatMap((row) => [row.id, row.title, row.body]),
        );
      }
    } else {
      const values = batch
        .map(() => `(?, ?, ?, ?, ?, ?, ?, setweight(to_tsvector(?::regconfig, ?), 'A') || setweight(to_tsvector(?::regconfig, ?), 'B'))`)
        .join(', ');
      await knex.raw(
        `INSERT INTO ${q(PG_TABLE)} (article_id, document_id, version, locale, language, title, body, document) VALUES ${values} ` +
          'ON CONFLICT (article_id) DO UPDATE SET document_id = EXCLUDED.document_id, version = EXCLUDED.version, ' +
          'locale = EXCLUDED.locale, language = EXCLUDED.language, title = EXCLUDED.title, body = EXCLUDED.body, document = EXCLUDED.document',
        batch.flatMap((row) => {
          const [title, body] = [shieldTags(row.title), shieldTags(row.body)];
          return [row.id, row.documentId, row.version, row.locale, row.language, title, body, row.language, title, row.language, body];
        }),
      );
    }
  }
}

/** Removes the entries of the given article rows. */
async function deleteEntries(strapi: Core.Strapi, knex: Runner, articleIds: readonly number[]): Promise<void> {
  for (let start = 0; start < articleIds.length; start += BATCH) {
    const ids = JSON.stringify(articleIds.slice(start, start + BATCH));
    if (dialectOf(strapi) === 'sqlite') {
      for (const table of Object.values(FTS_TABLES)) await knex.raw(`DELETE FROM ${q(table)} WHERE rowid IN (SELECT value FROM json_each(?))`, [ids]);
      await knex.raw(`DELETE FROM ${q(SQLITE_DOCS)} WHERE article_id IN (SELECT value FROM json_each(?))`, [ids]);
    } else {
      await knex.raw(`DELETE FROM ${q(PG_TABLE)} WHERE article_id IN (SELECT jsonb_array_elements_text(?::jsonb)::integer)`, [ids]);
    }
  }
}

const entriesTable = (strapi: Core.Strapi) => (dialectOf(strapi) === 'sqlite' ? SQLITE_DOCS : PG_TABLE);

/**
 * Brings the index in step with one document, in `knex` (the write's transaction): its entries are
 * replaced by its published rows now (none when it is a draft only, unpublished or deleted).
 */
export async function syncSearchDocument(strapi: Core.Strapi, knex: Runner, documentId: string): Promise<void> {
  const n = names(strapi);
  // A rebuild or repair (exclusive) runs alone; writes (shared) wait for it to commit, then see its entries.
  if (dialectOf(strapi) === 'postgres') await knex.raw('SELECT pg_advisory_xact_lock_shared(hashtext(?))', [STATE_TABLE]);
  const old = rawRows<{ article_id: unknown }>(await knex.raw(`SELECT article_id FROM ${q(entriesTable(strapi))} WHERE document_id = ?`, [documentId]));
  await deleteEntries(
    strapi,
    knex,
    old.map((row) => Number(row.article_id)),
  );
  await insertEntries(strapi, knex, await sourceRows(knex, n, `${col('a', n.article.documentId)} = ?`, [documentId]));
}

/** What is out of step: published rows without an entry or with an older one, and entries of no published row. */
export interface SearchDrift {
  /** Published article rows with no entry, or an entry of another version. */
  missing: number[];
  /** Entries whose row is gone or no longer published. */
  orphaned: number[];
}

/** The article table's name and the columns the index follows (Strapi's own: document_id, locale, published_at, updated_at). */
export interface ArticleColumns {
  table: string;
  documentId: string;
  locale: string;
  publishedAt: string;
  updatedAt: string;
}

/**
 * The two drift queries, each selecting one column `id`: published article rows with no entry or a stale one
 * (on SQLite also with no FTS5 row in the table of its language, or one in the other), and entries of no
 * published row (on SQLite in any index table).
 * Pure, for the app and for `npm run doctor`, which reads the database without Strapi.
 */
export function searchDriftSql(dialect: Dialect, a: ArticleColumns): { missing: string; orphaned: string } {
  const published = `${col('a', a.publishedAt)} IS NOT NULL`;
  const stale =
    `d.article_id IS NULL OR d.version IS DISTINCT FROM CAST(${col('a', a.updatedAt)} AS TEXT) ` +
    `OR d.document_id IS DISTINCT FROM ${col('a', a.documentId)} OR d.locale IS DISTINCT FROM ${col('a', a.locale)}`;
  const orphans = (table: string, key: string) =>
    `SELECT ${key} AS id FROM ${q(table)} d LEFT JOIN ${q(a.table)} a ON a.id = ${key} AND ${published} WHERE a.id IS NULL`;
  if (dialect === 'sqlite') {
    return {
      missing:
        `SELECT a.id AS id FROM ${q(a.table)} a LEFT JOIN ${q(SQLITE_DOCS)} d ON d.article_id = a.id ` +
        `LEFT JOIN ${q(SQLITE_FTS)} f ON f.rowid = a.id LEFT JOIN ${q(SQLITE_FTS_UNSTEMMED)} u ON u.rowid = a.id WHERE ${published} AND (${stale} OR ` +
        `CASE WHEN d.language = 'english' THEN f.rowid IS NULL OR u.rowid IS NOT NULL ELSE u.rowid IS NULL OR f.rowid IS NOT NULL END)`,
      orphaned: [orphans(SQLITE_DOCS, 'd.article_id'), orphans(SQLITE_FTS, 'd.rowid'), orphans(SQLITE_FTS_UNSTEMMED, 'd.rowid')].join(' UNION '),
    };
  }
  return {
    missing: `SELECT a.id AS id FROM ${q(a.table)} a LEFT JOIN ${q(PG_TABLE)} d ON d.article_id = a.id WHERE ${published} AND (${stale})`,
    orphaned: orphans(PG_TABLE, 'd.article_id'),
  };
}

/** One row: `missing` and `orphaned` (as in searchDriftSql) and `entries`, the index's entries, as counts. */
export function searchDriftCountSql(dialect: Dialect, a: ArticleColumns): string {
  const { missing, orphaned } = searchDriftSql(dialect, a);
  return (
    `SELECT (SELECT COUNT(*) FROM (${missing}) m) AS missing, (SELECT COUNT(*) FROM (${orphaned}) o) AS orphaned, ` +
    `(SELECT COUNT(*) FROM ${q(dialect === 'sqlite' ? SQLITE_DOCS : PG_TABLE)}) AS entries`
  );
}

/** The tables of the index's entries. */
const entryTables = (dialect: Dialect): string[] => (dialect === 'sqlite' ? [SQLITE_DOCS, SQLITE_FTS, SQLITE_FTS_UNSTEMMED] : [PG_TABLE]);

/** The tables the index needs, state table included. */
export const searchIndexTables = (dialect: Dialect): string[] => [STATE_TABLE, ...entryTables(dialect)];

export async function searchIndexDrift(strapi: Core.Strapi, knex: Runner = strapi.db.connection): Promise<SearchDrift> {
  const sql = searchDriftSql(dialectOf(strapi), names(strapi).article);
  const ids = async (query: string) => rawRows<{ id: unknown }>(await knex.raw(query)).map((row) => Number(row.id));
  return { missing: await ids(sql.missing), orphaned: await ids(sql.orphaned) };
}

/** Repairs what `searchIndexDrift` finds, in one transaction; returns how many entries were written and removed. */
export async function repairSearchIndex(strapi: Core.Strapi): Promise<{ written: number; removed: number }> {
  return strapi.db.connection.transaction(async (trx) => {
    await liftStatementDeadline(trx);
    if (dialectOf(strapi) === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [STATE_TABLE]);
    const drift = await searchIndexDrift(strapi, trx);
    await deleteEntries(strapi, trx, [...drift.orphaned, ...drift.missing]);
    const n = names(strapi);
    for (let start = 0; start < drift.missing.length; start += BATCH) {
      const ids = JSON.stringify(drift.missing.slice(start, start + BATCH));
      const where =
        dialectOf(strapi) === 'sqlite' ? 'a.id IN (SELECT value FROM json_each(?))' : 'a.id IN (SELECT jsonb_array_elements_text(?::jsonb)::integer)';
      await insertEntries(strapi, trx, await sourceRows(trx, n, where, [ids]));
    }
    return { written: drift.missing.length, removed: drift.orphaned.length };
  });
}

/** Empties the index and fills it from every published article row, in one transaction (readers meanwhile search the old one). */
export async function rebuildSearchIndex(strapi: Core.Strapi): Promise<{ documents: number }> {
  await ensureSearchIndex(strapi);
  const n = names(strapi);
  return strapi.db.connection.transaction(async (trx) => {
    const sqlite = dialectOf(strapi) === 'sqlite';
    await liftStatementDeadline(trx);
    if (!sqlite) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [STATE_TABLE]);
    for (const table of entryTables(dialectOf(strapi))) await trx.raw(`DELETE FROM ${q(table)}`);
    let documents = 0;
    let after = 0;
    for (;;) {
      const found = await sourceRows(trx, n, 'a.id > ?', [after], BATCH * 4);
      if (found.length === 0) break;
      await insertEntries(strapi, trx, found);
      documents += found.length;
      after = Number(found[found.length - 1].id);
    }
    if (sqlite) for (const table of Object.values(FTS_TABLES)) await trx.raw(`INSERT INTO ${q(table)} (${q(table)}) VALUES ('optimize')`);
    return { documents };
  });
}

/** The index's size on disk in bytes (tables and indexes), or null when the database cannot say. */
export async function searchIndexBytes(strapi: Core.Strapi): Promise<number | null> {
  const knex = strapi.db.connection;
  try {
    if (dialectOf(strapi) === 'sqlite') {
      const [row] = rawRows<{ bytes: unknown }>(
        await knex.raw(`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name LIKE 'newsroom_search%' OR name LIKE 'sqlite_autoindex_newsroom_search%'`),
      );
      return idOrNull(row?.bytes);
    }
    const [row] = rawRows<{ bytes: unknown }>(await knex.raw('SELECT pg_total_relation_size(?::regclass) AS bytes', [PG_TABLE]));
    return idOrNull(row?.bytes);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Searching

export interface SearchFilters {
  /** The locale searched (as stored): its articles only, with its language. */
  locale: string;
  /** The article's section must be one of these (a section and its sub-sections); null: any, sectioned or not. */
  sectionIds: number[] | null;
  /** First publication at or after / at or before. */
  from: Date | null;
  to: Date | null;
}

export interface SectionCount {
  id: number | null;
  documentId: string | null;
  slug: string | null;
  name: string | null;
  count: number;
}

export interface HitRow {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  publicationDate: string | null;
  publishedAt: string | null;
  lastUpdatedAt: string | null;
  correctedAt: string | null;
  section: { documentId: string; slug: string; name: string } | null;
}

interface Compiled {
  /** FROM … WHERE … of the matching, visible, filtered articles (alias a, link l, section s). */
  from: string;
  bindings: unknown[];
  /** The rank expression (larger is better on PostgreSQL, smaller on SQLite). */
  rank: string;
  rankOrder: 'ASC' | 'DESC';
  /** A CTE prefix (PostgreSQL: the tsquery, built once). */
  with: string;
  withBindings: unknown[];
}

/**
 * The tsquery of a parsed query, built in SQL from websearch_to_tsquery parts (src/search/query.ts). When the
 * words to find are all stop words of the language (`the`, `and`), it is NULL and finds nothing: without them
 * `the -storm` would be `!storm`, every article but a few.
 */
function pgQuery(language: SearchLanguage, parsed: ParsedQuery): { sql: string; bindings: unknown[] } {
  const parts = toWebsearchParts(parsed);
  const any = parts.any.map(() => 'websearch_to_tsquery(?::regconfig, ?)').join(' || ');
  const bindings: unknown[] = parts.any.flatMap((part) => [language, part]);
  // Placeholders in text order: the alternatives, then the excluded words.
  const none = parts.none === null ? '' : ', websearch_to_tsquery(?::regconfig, ?) AS n';
  return {
    sql: `(SELECT CASE WHEN numnode(p.q) = 0 THEN NULL ELSE ${parts.none === null ? 'p.q' : 'p.q && !! p.n'} END FROM (SELECT (${any}) AS q${none}) p)`,
    bindings: parts.none === null ? bindings : [...bindings, language, parts.none],
  };
}

function compile(strapi: Core.Strapi, parsed: ParsedQuery, filters: SearchFilters, language: SearchLanguage, now: Date): Compiled {
  const n = names(strapi);
  const { article: a, section: s, articleSection: as } = n;
  const shown = visible(strapi, ARTICLE, 'a', now);
  const conditions: string[] = [shown.sql, `${col('a', a.locale)} = ?`];
  const bindings: unknown[] = [...shown.bindings, filters.locale];
  const sqlite = dialectOf(strapi) === 'sqlite';
  const fts = sqliteFtsTable(language);
  if (filters.sectionIds !== null) {
    conditions.push(
      sqlite ? `${col('l', as.other)} IN (SELECT value FROM json_each(?))` : `${col('l', as.other)} IN (SELECT jsonb_array_elements_text(?::jsonb)::integer)`,
    );
    bindings.push(JSON.stringify(filters.sectionIds));
  }
  const firstPublished = `COALESCE(${col('a', a.publicationDate)}, ${col('a', a.publishedAt)})`;
  if (filters.from) {
    conditions.push(`${firstPublished} >= ?`);
    bindings.push(filters.from);
  }
  if (filters.to) {
    conditions.push(`${firstPublished} <= ?`);
    bindings.push(filters.to);
  }
  const joins =
    `JOIN ${q(a.table)} a ON a.id = ${sqlite ? `${q(fts)}.rowid` : 'e.article_id'} ` +
    `LEFT JOIN ${q(as.table)} l ON ${col('l', as.own)} = a.id LEFT JOIN ${q(s.table)} s ON s.id = ${col('l', as.other)}`;
  if (sqlite) {
    return {
      from: `FROM ${q(fts)} ${joins} WHERE ${q(fts)} MATCH ? AND ${conditions.join(' AND ')}`,
      bindings: [toFts5(parsed), ...bindings],
      rank: `bm25(${q(fts)}, ${BM25_WEIGHTS})`,
      rankOrder: 'ASC',
      with: '',
      withBindings: [],
    };
  }
  const tsquery = pgQuery(language, parsed);
  return {
    // The tsquery also written out in the condition: the planner estimates the matches from it (through the CTE it
    // cannot, and guessed a few hundred for a word in every article).
    from: `FROM search_query sq JOIN ${q(PG_TABLE)} e ON e.document @@ ${tsquery.sql} ${joins} WHERE ${conditions.join(' AND ')}`,
    bindings: [...tsquery.bindings, ...bindings],
    rank: `ts_rank_cd('${PG_WEIGHTS}', e.document, sq.query, 1)`,
    rankOrder: 'DESC',
    with: `WITH search_query AS MATERIALIZED (SELECT ${tsquery.sql} AS query) `,
    withBindings: tsquery.bindings,
  };
}

/** The number of matching articles per section (null: articles in no section), largest first. */
export async function searchCounts(strapi: Core.Strapi, parsed: ParsedQuery, filters: SearchFilters, now = new Date()): Promise<SectionCount[]> {
  const { section: s } = names(strapi);
  const c = compile(strapi, parsed, filters, (await searchLanguages(strapi))(filters.locale), now);
  const found = await rows<{ id: unknown; document_id: unknown; slug: unknown; name: unknown; n: unknown }>(
    strapi,
    `${c.with}SELECT s.id AS id, ${col('s', s.documentId)} AS document_id, ${col('s', s.slug)} AS slug, ${col('s', s.name)} AS name, COUNT(*) AS n ` +
      `${c.from} GROUP BY s.id, ${col('s', s.documentId)}, ${col('s', s.slug)}, ${col('s', s.name)}`,
    [...c.withBindings, ...c.bindings],
  );
  return found
    .map((row) => ({
      id: idOrNull(row.id),
      documentId: textOrNull(row.document_id),
      slug: textOrNull(row.slug),
      name: textOrNull(row.name),
      count: Number(row.n),
    }))
    .sort((x, y) => y.count - x.count || String(x.name).localeCompare(String(y.name)));
}

/** One page of hits, best first (ties: newest first publication, then newest row). */
export async function searchHits(
  strapi: Core.Strapi,
  parsed: ParsedQuery,
  filters: SearchFilters,
  page: { offset: number; limit: number },
  now = new Date(),
): Promise<HitRow[]> {
  const { article: a, section: s } = names(strapi);
  const c = compile(strapi, parsed, filters, (await searchLanguages(strapi))(filters.locale), now);
  const found = await rows<Record<string, unknown>>(
    strapi,
    `${c.with}SELECT a.id AS id, ${col('a', a.documentId)} AS document_id, ${col('a', a.slug)} AS slug, ${col('a', a.title)} AS title, ` +
      `${col('a', a.publicationDate)} AS publication_date, ${col('a', a.publishedAt)} AS published_at, ${col('a', a.lastUpdatedAt)} AS last_updated_at, ` +
      `${col('a', a.correctedAt)} AS corrected_at, ${col('s', s.documentId)} AS section_document_id, ${col('s', s.slug)} AS section_slug, ${col('s', s.name)} AS section_name ` +
      `${c.from} ORDER BY ${c.rank} ${c.rankOrder}, COALESCE(${col('a', a.publicationDate)}, ${col('a', a.publishedAt)}) DESC, a.id DESC LIMIT ? OFFSET ?`,
    [...c.withBindings, ...c.bindings, page.limit, page.offset],
  );
  return found.map((row) => ({
    id: Number(row.id),
    documentId: text(row.document_id),
    slug: text(row.slug),
    title: text(row.title),
    publicationDate: iso(row.publication_date),
    publishedAt: iso(row.published_at),
    lastUpdatedAt: iso(row.last_updated_at),
    correctedAt: iso(row.corrected_at),
    section:
      row.section_document_id === null || row.section_document_id === undefined
        ? null
        : { documentId: text(row.section_document_id), slug: text(row.section_slug), name: text(row.section_name) },
  }));
}

/** The body's snippets of these article rows of `locale`, matches marked (MARK_START/MARK_END), by row id. */
export async function searchSnippets(strapi: Core.Strapi, parsed: ParsedQuery, locale: string, articleIds: readonly number[]): Promise<Map<number, string>> {
  if (articleIds.length === 0) return new Map();
  const ids = JSON.stringify(articleIds);
  const language = (await searchLanguages(strapi))(locale);
  let found: Array<{ id: unknown; snippet: unknown }>;
  if (dialectOf(strapi) === 'sqlite') {
    const fts = sqliteFtsTable(language);
    found = await rows(
      strapi,
      `SELECT rowid AS id, snippet(${q(fts)}, 1, ?, ?, '…', ${SNIPPET_TOKENS}) AS snippet FROM ${q(fts)} ` +
        `WHERE ${q(fts)} MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
      [MARK_START, MARK_END, toFts5(parsed), ids],
    );
  } else {
    // The query in the locale's language, the headline in the entry's (the same, unless a rebuild is due).
    const tsquery = pgQuery(language, parsed);
    found = await rows(
      strapi,
      `WITH search_query AS MATERIALIZED (SELECT ${tsquery.sql} AS query) SELECT e.article_id AS id, ts_headline(e.language::regconfig, e.body, sq.query, ?) AS snippet ` +
        `FROM ${q(PG_TABLE)} e CROSS JOIN search_query sq WHERE e.article_id IN (SELECT jsonb_array_elements_text(?::jsonb)::integer)`,
      [...tsquery.bindings, HEADLINE_OPTIONS, ids],
    );
  }
  return new Map(found.map((row) => [Number(row.id), text(row.snippet)]));
}
