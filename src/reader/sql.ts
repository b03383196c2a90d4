/**
 * The reader API's reads as a few hand-written SQL queries (SQLite and PostgreSQL alike).
 *
 * Why not the Document Service: an article page through it took 12 queries, each built, populated and
 * post-processed by Strapi's query layer (~1 ms of JavaScript per query), and two of them walked every
 * published article. Here the page is 3 queries (article; shown teasers; newest articles of the section),
 * plus one per part that has images, shaped for the indexes of src/database/reader-indexes.ts; see
 * bench/README.md for the measurements.
 *
 * What a reader may see comes from the one visibility definition (src/visibility/), compiled into each
 * query's WHERE; the rows have the shapes the Document Service returns (dates as ISO strings, JSON parsed).
 * Table and column names come from Strapi's metadata, not from guesses.
 */
import type { Core } from '@strapi/strapi';
import { ARTICLE, SECTION, TEASER } from '../visibility/definition';
import { draftVersionSql, metaSourceOf, quoteIdentifier, visibleIdsSql, visibleSql, type MetaSource, type SqlFragment } from '../visibility/sql';

type Row = Record<string, unknown>;
type Knex = Core.Strapi['db']['connection'];

interface LinkNames {
  table: string;
  own: string;
  other: string;
}

interface Names {
  article: Record<'table' | 'documentId' | 'title' | 'slug' | 'byline' | 'body' | 'publishedAt' | 'publicationDate' | 'lastUpdatedAt', string>;
  section: Record<'table' | 'documentId' | 'name' | 'slug' | 'description', string>;
  teaser: Record<'table' | 'headline' | 'summary' | 'position', string>;
  seo: Record<'table' | 'metaTitle' | 'metaDescription', string>;
  file: Record<'table' | 'documentId' | 'url' | 'alternativeText' | 'caption' | 'width' | 'height' | 'mime' | 'formats', string>;
  articleSection: LinkNames;
  teaserArticle: LinkNames;
  teaserSection: LinkNames;
  articleComponents: LinkNames & { field: string; seoField: string };
  morph: { table: string; file: string; relatedId: string; relatedType: string; field: string; order: string };
}

const SEO = 'shared.seo';
const FILE = 'plugin::upload.file';

type Column = { name: string };
/** The parts of Strapi's join-table metadata the reader reads: a relation's, a component's (`on`) or a morph relation's. */
type JoinTable = {
  name: string;
  joinColumn: Column;
  inverseJoinColumn: Column;
  on?: { field?: string };
  morphColumn: { idColumn: Column; typeColumn: Column };
};
type Meta = { tableName: string; attributes: Record<string, { columnName?: string; joinTable?: JoinTable }> };

function namesOf(strapi: Core.Strapi): Names {
  const meta = (uid: string) => strapi.db.metadata.get(uid) as unknown as Meta;
  const columns = <K extends string>(uid: string, attributes: K[]) => {
    const m = meta(uid);
    const out = { table: m.tableName } as Record<K | 'table', string>;
    for (const attribute of attributes) {
      const column = m.attributes[attribute]?.columnName;
      if (!column) throw new Error(`reader SQL: no column for ${uid}.${attribute}`);
      out[attribute] = column;
    }
    return out;
  };
  const link = (uid: string, attribute: string): LinkNames => {
    const joinTable = meta(uid).attributes[attribute]?.joinTable;
    if (!joinTable) throw new Error(`reader SQL: no join table for ${uid}.${attribute}`);
    return { table: joinTable.name, own: joinTable.joinColumn.name, other: joinTable.inverseJoinColumn.name };
  };
  const seoJoin = meta(ARTICLE).attributes.seo?.joinTable;
  const morphJoin = meta(FILE).attributes.related?.joinTable;
  if (!seoJoin || !morphJoin) throw new Error('reader SQL: no join table for article.seo or file.related');
  const identifiers = (strapi.db.metadata as unknown as { identifiers?: { FIELD_COLUMN?: string; ORDER_COLUMN?: string } }).identifiers;
  const fieldColumn = identifiers?.FIELD_COLUMN ?? 'field';
  const orderColumn = identifiers?.ORDER_COLUMN ?? 'order';
  return {
    article: columns(ARTICLE, ['documentId', 'title', 'slug', 'byline', 'body', 'publishedAt', 'publicationDate', 'lastUpdatedAt']),
    section: columns(SECTION, ['documentId', 'name', 'slug', 'description']),
    teaser: columns(TEASER, ['headline', 'summary', 'position']),
    seo: columns(SEO, ['metaTitle', 'metaDescription']),
    file: columns(FILE, ['documentId', 'url', 'alternativeText', 'caption', 'width', 'height', 'mime', 'formats']),
    articleSection: link(ARTICLE, 'section'),
    teaserArticle: link(TEASER, 'article'),
    teaserSection: link(TEASER, 'section'),
    articleComponents: {
      table: seoJoin.name,
      own: seoJoin.joinColumn.name,
      other: seoJoin.inverseJoinColumn.name,
      field: fieldColumn,
      seoField: seoJoin.on?.field ?? 'seo',
    },
    morph: {
      table: morphJoin.name,
      file: morphJoin.joinColumn.name,
      relatedId: morphJoin.morphColumn.idColumn.name,
      relatedType: morphJoin.morphColumn.typeColumn.name,
      field: fieldColumn,
      order: orderColumn,
    },
  };
}

const cache = new WeakMap<Core.Strapi, Names>();
function names(strapi: Core.Strapi): Names {
  let found = cache.get(strapi);
  if (!found) {
    found = namesOf(strapi);
    cache.set(strapi, found);
  }
  return found;
}

const metaSources = new WeakMap<Core.Strapi, MetaSource>();
function metaSource(strapi: Core.Strapi): MetaSource {
  let source = metaSources.get(strapi);
  if (!source) {
    source = metaSourceOf(strapi);
    metaSources.set(strapi, source);
  }
  return source;
}

/** What a reader may see of `uid` (table aliased `alias`) at `now`: the one definition, compiled. */
const visible = (strapi: Core.Strapi, uid: string, alias: string, now: Date): SqlFragment => visibleSql(metaSource(strapi), uid, alias, now);

const q = quoteIdentifier;
const col = (alias: string, name: string) => `${alias}.${q(name)}`;

interface SqliteStatement {
  all(...bindings: unknown[]): Row[];
}
interface DriverClient {
  driverName?: string;
  acquireConnection(): Promise<{ prepare(sql: string): SqliteStatement }>;
  releaseConnection(connection: unknown): Promise<unknown>;
  emit(event: string, ...args: unknown[]): boolean;
}

/** Prepared SQLite statements, per connection: compiling the teaser query took longer than running it. */
const sqliteStatements = new WeakMap<object, Map<string, SqliteStatement>>();
let queryUid = 0;

/**
 * Runs one read. On SQLite the statement is prepared once per connection and reused (Knex prepares every
 * query anew; that was a tenth of the server's CPU under load), still announced as a Knex `query` event.
 * On PostgreSQL through Knex, whose own cost is small next to the round trip.
 */
async function rows(knex: Knex, sql: string, bindings: unknown[]): Promise<Row[]> {
  const client = knex.client as unknown as DriverClient;
  if (client.driverName === 'better-sqlite3') {
    const connection = await client.acquireConnection();
    try {
      let statements = sqliteStatements.get(connection);
      if (!statements) {
        statements = new Map();
        sqliteStatements.set(connection, statements);
      }
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      const query = { method: 'raw', sql, bindings, __knexQueryUid: `reader-${(queryUid += 1)}` };
      client.emit('query', query);
      // What Knex's better-sqlite3 client does to bindings: dates as epoch milliseconds, booleans as 0/1.
      const found = statement.all(bindings.map((value) => (value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value)));
      client.emit('query-response', found, query);
      return found;
    } finally {
      await client.releaseConnection(connection);
    }
  }
  const result = (await knex.raw(sql, bindings as never)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

/** Datetimes as the Document Service returns them: ISO strings (SQLite holds epoch milliseconds). */
function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** JSON columns as Strapi's JSON field reads them (SQLite hands back text). */
function json(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === 'string' ? JSON.parse(parsed) : parsed;
  } catch {
    return value;
  }
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A file as the reader shapes read it (src/reader/shapes.ts `toImageRef`). */
export type FileRow = Row;

/** The files with these ids, by id, in one query (none when there is no id). */
export async function loadFiles(strapi: Core.Strapi, ids: Array<number | null | undefined>): Promise<Map<number, FileRow>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  const found = new Map<number, FileRow>();
  if (!wanted.length) return found;
  const { file: f } = names(strapi);
  const sql =
    `SELECT id, ${q(f.documentId)} AS document_id, ${q(f.url)} AS url, ${q(f.alternativeText)} AS alternative_text, ` +
    `${q(f.caption)} AS caption, ${q(f.width)} AS width, ${q(f.height)} AS height, ${q(f.mime)} AS mime, ${q(f.formats)} AS formats ` +
    `FROM ${q(f.table)} WHERE id IN (${wanted.map(() => '?').join(', ')})`;
  for (const row of await rows(strapi.db.connection, sql, wanted)) {
    found.set(Number(row.id), {
      id: Number(row.id),
      documentId: row.document_id,
      url: row.url,
      alternativeText: row.alternative_text ?? null,
      caption: row.caption ?? null,
      width: num(row.width),
      height: num(row.height),
      mime: row.mime ?? null,
      formats: json(row.formats),
    });
  }
  return found;
}

/**
 * A scalar subquery: the id of the file a media field of `owner` points to (first by the relation's
 * order, as Strapi populates it). Three bindings: type, field, in this order, come first.
 */
function fileIdOf(n: Names, ownerId: string): string {
  const m = n.morph;
  return (
    `(SELECT ${col('m', m.file)} FROM ${q(m.table)} m WHERE ${col('m', m.relatedId)} = ${ownerId} AND ${col('m', m.relatedType)} = ? ` +
    `AND ${col('m', m.field)} = ? ORDER BY ${col('m', m.order)} ASC, m.id ASC LIMIT 1)`
  );
}

/** A text column's value: the drivers hand back strings; a missing value reads as ''. */
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : '');
const idOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/**
 * One version of an article with its section, cover and SEO (with share image), shaped like
 * `documents(article).findFirst({ fields, populate: { section, cover, seo: { populate: shareImage } } })`.
 * One query, and a second only when there are files.
 */
export async function loadArticleRow(
  strapi: Core.Strapi,
  lookup: { slug: string } | { documentId: string },
  status: 'draft' | 'published',
): Promise<Row | null> {
  const n = names(strapi);
  const { article: a, section: s, articleSection: as, articleComponents: ac, seo } = n;
  const where = 'slug' in lookup ? `${col('a', a.slug)} = ?` : `${col('a', a.documentId)} = ?`;
  const version = status === 'published' ? visible(strapi, ARTICLE, 'a', new Date()) : draftVersionSql(metaSource(strapi), ARTICLE, 'a');
  const sql =
    `SELECT a.id, ${col('a', a.documentId)} AS document_id, ${col('a', a.title)} AS title, ${col('a', a.slug)} AS slug, ` +
    `${col('a', a.byline)} AS byline, ${col('a', a.body)} AS body, ${col('a', a.publishedAt)} AS published_at, ` +
    `${col('a', a.publicationDate)} AS publication_date, ${col('a', a.lastUpdatedAt)} AS last_updated_at, ` +
    `s.id AS section_id, ${col('s', s.documentId)} AS section_document_id, ${col('s', s.name)} AS section_name, ${col('s', s.slug)} AS section_slug, ` +
    `seo.id AS seo_id, ${col('seo', seo.metaTitle)} AS meta_title, ${col('seo', seo.metaDescription)} AS meta_description, ` +
    `${fileIdOf(n, 'a.id')} AS cover_file_id, ${fileIdOf(n, 'seo.id')} AS share_file_id ` +
    `FROM ${q(a.table)} a ` +
    `LEFT JOIN ${q(as.table)} l ON ${col('l', as.own)} = a.id ` +
    `LEFT JOIN ${q(s.table)} s ON s.id = ${col('l', as.other)} ` +
    `LEFT JOIN ${q(ac.table)} c ON ${col('c', ac.own)} = a.id AND ${col('c', ac.field)} = ? ` +
    `LEFT JOIN ${q(seo.table)} seo ON seo.id = ${col('c', ac.other)} ` +
    `WHERE ${where} AND ${version.sql} ` +
    `LIMIT 1`;
  const [row] = await rows(strapi.db.connection, sql, [
    ARTICLE,
    'cover',
    SEO,
    'shareImage',
    ac.seoField,
    'slug' in lookup ? lookup.slug : lookup.documentId,
    ...version.bindings,
  ]);
  if (!row) return null;
  const files = await loadFiles(strapi, [idOrNull(row.cover_file_id), idOrNull(row.share_file_id)]);
  const file = (id: unknown) => (id === null || id === undefined ? null : (files.get(Number(id)) ?? null));
  return {
    id: Number(row.id),
    documentId: row.document_id,
    title: row.title,
    slug: row.slug,
    byline: row.byline ?? null,
    body: json(row.body),
    publishedAt: iso(row.published_at),
    publicationDate: iso(row.publication_date),
    lastUpdatedAt: iso(row.last_updated_at),
    section:
      row.section_id === null || row.section_id === undefined
        ? null
        : { id: Number(row.section_id), documentId: row.section_document_id, name: row.section_name, slug: row.section_slug },
    cover: file(row.cover_file_id),
    seo:
      row.seo_id === null || row.seo_id === undefined
        ? null
        : {
            id: Number(row.seo_id),
            metaTitle: row.meta_title ?? null,
            metaDescription: row.meta_description ?? null,
            shareImage: file(row.share_file_id),
          },
  };
}

/** A "More from" candidate article as stored, its cover as a file id (see `loadFiles`). */
export interface CandidateRow {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  body: unknown;
  publicationDate: string | null;
  publishedAt: string | null;
  coverFileId: number | null;
  section: { name: string; slug: string } | null;
}

/** A shown teaser as stored, its image as a file id. */
export interface TeaserRow {
  id: number;
  headline: string | null;
  summary: string | null;
  position: number | null;
  imageFileId: number | null;
  article: CandidateRow;
}

/** The candidate-article columns (with their two bindings: type, field), from alias `a` and its section `asec`. */
function candidateColumns(n: Names) {
  const { article: a, section: s } = n;
  return (
    `a.id AS article_id, ${col('a', a.documentId)} AS article_document_id, ${col('a', a.slug)} AS article_slug, ` +
    `${col('a', a.title)} AS article_title, ${col('a', a.body)} AS article_body, ` +
    `${col('a', a.publicationDate)} AS article_publication_date, ${col('a', a.publishedAt)} AS article_published_at, ` +
    `${col('asec', s.name)} AS article_section_name, ${col('asec', s.slug)} AS article_section_slug, ` +
    `${fileIdOf(n, 'a.id')} AS article_cover_file_id`
  );
}

function candidateOf(row: Row): CandidateRow {
  return {
    id: Number(row.article_id),
    documentId: String(row.article_document_id),
    slug: text(row.article_slug),
    title: text(row.article_title),
    body: json(row.article_body),
    publicationDate: iso(row.article_publication_date),
    publishedAt: iso(row.article_published_at),
    coverFileId: idOrNull(row.article_cover_file_id),
    section:
      row.article_section_name === null || row.article_section_name === undefined
        ? null
        : { name: text(row.article_section_name), slug: text(row.article_section_slug) },
  };
}

/**
 * The section's teasers shown at `now` (the visibility definition of teasers: published, inside their
 * window, promoting a visible article), filed in the section or unfiled and promoting an article of the
 * section; at most `limit`, in the one "More from" teaser order: position (a cleared position counts as
 * the field's default, 0), then the article's first publication, newest first, then id. The order is
 * only here: SQLite and PostgreSQL disagree on where NULL sorts, so NULL never reaches ORDER BY.
 *
 * Driven by the teaser window index through the compiled visibility (`visibleIdsSql`): expired teasers,
 * however many, are never read. The two MATERIALIZED steps keep the planners from folding everything
 * into one 8-table join (PostgreSQL spent 2.6 ms planning it, for 0.6 ms of work; SQLite then scanned
 * every teaser link).
 */
export async function loadShownTeasers(
  strapi: Core.Strapi,
  sectionId: number,
  options: { excludeDocumentId: string | null; now: Date; limit: number },
): Promise<TeaserRow[]> {
  const n = names(strapi);
  const { teaser: t, article: a, section: s, teaserArticle: ta, teaserSection: ts, articleSection: as } = n;
  const shown = visibleIdsSql(metaSource(strapi), TEASER, 'v', options.now);
  const sql =
    `WITH w AS MATERIALIZED (${shown.sql}), ` +
    `c AS MATERIALIZED (` +
    `SELECT t.id, ${col('t', t.headline)} AS headline, ${col('t', t.summary)} AS summary, ${col('t', t.position)} AS position, ` +
    `${col('tal', ta.other)} AS article_id, ${col('tsl', ts.other)} AS filed_in, ${col('asl', as.other)} AS article_section_id ` +
    // CROSS JOIN with the condition in WHERE (PostgreSQL allows no ON there): SQLite keeps `w` outermost.
    `FROM w CROSS JOIN ${q(t.table)} t ` +
    `JOIN ${q(ta.table)} tal ON ${col('tal', ta.own)} = t.id ` +
    `LEFT JOIN ${q(ts.table)} tsl ON ${col('tsl', ts.own)} = t.id ` +
    `LEFT JOIN ${q(as.table)} asl ON ${col('asl', as.own)} = ${col('tal', ta.other)} ` +
    `WHERE t.id = w.id) ` +
    // The section test runs on the link rows above; only the few teasers of this section read their article.
    `SELECT c.id, c.headline, c.summary, c.position, ${fileIdOf(n, 'c.id')} AS image_file_id, ${candidateColumns(n)} ` +
    `FROM c CROSS JOIN ${q(a.table)} a ` +
    `LEFT JOIN ${q(s.table)} asec ON asec.id = c.article_section_id ` +
    `WHERE (c.filed_in = ? OR (c.filed_in IS NULL AND c.article_section_id = ?)) ` +
    `AND a.id = c.article_id ` +
    (options.excludeDocumentId ? `AND ${col('a', a.documentId)} <> ? ` : '') +
    `ORDER BY COALESCE(c.position, 0) ASC, ${col('a', a.publicationDate)} DESC, c.id ASC LIMIT ?`;
  const bindings: unknown[] = [...shown.bindings, TEASER, 'image', ARTICLE, 'cover', sectionId, sectionId];
  if (options.excludeDocumentId) bindings.push(options.excludeDocumentId);
  bindings.push(options.limit);
  return (await rows(strapi.db.connection, sql, bindings)).map((row) => ({
    id: Number(row.id),
    headline: (row.headline as string | null) ?? null,
    summary: (row.summary as string | null) ?? null,
    position: num(row.position),
    imageFileId: idOrNull(row.image_file_id),
    article: candidateOf(row),
  }));
}

/** How far back from the newest published article the first, index-ordered attempt looks (see below). */
const RECENT_WINDOW = 2000;
const CUTOFF_TTL_MS = 60_000;
const cutoffs = new WeakMap<Core.Strapi, { at: number; value: unknown }>();

/**
 * The publication date of about the RECENT_WINDOW-th newest published article (null when there are
 * fewer). Any value gives exact results below; it only bounds how long the first attempt may walk.
 */
async function recentCutoff(strapi: Core.Strapi): Promise<unknown> {
  const cached = cutoffs.get(strapi);
  if (cached && Date.now() - cached.at < CUTOFF_TTL_MS) return cached.value;
  const { article: a } = names(strapi);
  const shown = visible(strapi, ARTICLE, 'a', new Date());
  const [row] = await rows(
    strapi.db.connection,
    `SELECT ${col('a', a.publicationDate)} AS cutoff FROM ${q(a.table)} a WHERE ${shown.sql} AND ${col('a', a.publicationDate)} IS NOT NULL ` +
      `ORDER BY ${col('a', a.publicationDate)} DESC LIMIT 1 OFFSET ?`,
    [...shown.bindings, RECENT_WINDOW],
  );
  const value = row ? row.cutoff : null;
  cutoffs.set(strapi, { at: Date.now(), value });
  return value;
}

/**
 * The `count` newest published articles of a section (by publicationDate, publishedAt, id, all
 * descending), as "More from" candidates.
 *
 * First attempt: walk the published articles newest first along the index on (publication_date,
 * published_at, id) and keep those of the section; it stops after `count` hits, a few dozen rows for
 * any section that has recent articles, and never goes further back than the recent cutoff. It is
 * exact when it finds `count` articles and the section has no published article without a
 * publication date (PostgreSQL would sort those first). Otherwise (a small or dormant section), the
 * second query reads the section's own articles through its link rows and sorts them.
 */
export async function loadLatestInSection(strapi: Core.Strapi, sectionId: number, count: number): Promise<CandidateRow[]> {
  if (count <= 0) return [];
  const n = names(strapi);
  const { article: a, section: s, articleSection: as } = n;
  const knex = strapi.db.connection;
  const order = `ORDER BY ${col('a', a.publicationDate)} DESC, ${col('a', a.publishedAt)} DESC, a.id DESC LIMIT ?`;
  const cutoff = await recentCutoff(strapi);
  const now = new Date();
  const shown = visible(strapi, ARTICLE, 'a', now);
  const undated = visible(strapi, ARTICLE, 'u', now);
  const first = await rows(
    knex,
    `SELECT ${candidateColumns(n)} FROM ${q(a.table)} a LEFT JOIN ${q(s.table)} asec ON asec.id = ? ` +
      `WHERE ${shown.sql} ` +
      (cutoff === null ? '' : `AND ${col('a', a.publicationDate)} >= ? `) +
      `AND EXISTS (SELECT 1 FROM ${q(as.table)} l WHERE ${col('l', as.own)} = a.id AND ${col('l', as.other)} = ?) ` +
      `AND NOT EXISTS (SELECT 1 FROM ${q(a.table)} u WHERE ${undated.sql} AND ${col('u', a.publicationDate)} IS NULL ` +
      `AND EXISTS (SELECT 1 FROM ${q(as.table)} ul WHERE ${col('ul', as.own)} = u.id AND ${col('ul', as.other)} = ?)) ` +
      order,
    [ARTICLE, 'cover', sectionId, ...shown.bindings, ...(cutoff === null ? [] : [cutoff]), sectionId, ...undated.bindings, sectionId, count],
  );
  const found =
    first.length === count
      ? first
      : await rows(
          knex,
          // CROSS JOIN: SQLite then reads the section's link rows first (PostgreSQL plans it like a JOIN).
          `SELECT ${candidateColumns(n)} FROM ${q(as.table)} l CROSS JOIN ${q(a.table)} a ` +
            `LEFT JOIN ${q(s.table)} asec ON asec.id = ${col('l', as.other)} ` +
            `WHERE a.id = ${col('l', as.own)} AND ${col('l', as.other)} = ? AND ${shown.sql} ` +
            order,
          [ARTICLE, 'cover', sectionId, ...shown.bindings, count],
        );
  return found.map(candidateOf);
}

/** The published article with this slug: its documentId, or null. */
export async function publishedDocumentIdBySlug(strapi: Core.Strapi, slug: string): Promise<string | null> {
  const { article: a } = names(strapi);
  const shown = visible(strapi, ARTICLE, 'a', new Date());
  const [row] = await rows(
    strapi.db.connection,
    `SELECT ${col('a', a.documentId)} AS document_id FROM ${q(a.table)} a WHERE ${col('a', a.slug)} = ? AND ${shown.sql} LIMIT 1`,
    [slug, ...shown.bindings],
  );
  return row ? String(row.document_id) : null;
}

/** A section by slug (sections have one row: no draft & publish). */
export async function loadSectionBySlug(strapi: Core.Strapi, slug: string): Promise<Row | null> {
  const { section: s } = names(strapi);
  const [row] = await rows(
    strapi.db.connection,
    `SELECT id, ${q(s.documentId)} AS document_id, ${q(s.name)} AS name, ${q(s.slug)} AS slug, ${q(s.description)} AS description ` +
      `FROM ${q(s.table)} WHERE ${q(s.slug)} = ? ORDER BY id LIMIT 1`,
    [slug],
  );
  return row ?? null;
}

/** The numeric id of a section given its documentId (sections have one row: no draft & publish). */
export async function sectionIdOf(strapi: Core.Strapi, documentId: string): Promise<number | null> {
  const { section: s } = names(strapi);
  const [row] = await rows(strapi.db.connection, `SELECT id FROM ${q(s.table)} WHERE ${q(s.documentId)} = ? ORDER BY id LIMIT 1`, [documentId]);
  return row ? Number(row.id) : null;
}
