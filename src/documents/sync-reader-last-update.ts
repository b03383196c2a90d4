import type { Core, Data, Modules } from '@strapi/strapi';
import { lastUpdateInstant } from '../newsroom/last-update';
import { lastUpdateSql } from '../reader/queries/last-update';
import { writeParams } from './write-params';

const ARTICLE = 'api::article.article';

/** The stored copy of the "Last update" readers see; a private attribute, so no reader API ever offers it. */
export const READER_LAST_UPDATE = 'readerLastUpdate';

/** The time of the article's latest public correction: written by src/history/corrections.ts only, with the database layer. */
export const CORRECTED_AT = 'correctedAt';

/** Attributes the product computes; a value sent in a Document Service write is dropped. */
const COMPUTED = [READER_LAST_UPDATE, CORRECTED_AT] as const;

/** Actions after which the published version, or a row that must carry its value, may have changed. */
const WRITES = new Set(['create', 'update', 'publish', 'unpublish', 'discardDraft']);

type ArticleRow = Pick<Data.ContentType<typeof ARTICLE>, 'id' | 'locale' | 'publishedAt' | 'lastUpdatedAt' | 'correctedAt' | 'readerLastUpdate'>;

const instantOf = (value: unknown) => lastUpdateInstant({ publishedAt: value as string | Date | null | undefined });
const sameInstant = (a: unknown, b: Date | null) => (instantOf(a)?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Sets `readerLastUpdate` on every row (draft and published) of one article to what readers see as its
 * "Last update": `lastUpdateInstant` of the published version of the same locale, or null when there is none.
 * Only rows whose value differs are written.
 */
export async function syncReaderLastUpdate(strapi: Core.Strapi, documentId: string): Promise<void> {
  const rows = (await strapi.db.query(ARTICLE).findMany({
    select: ['id', 'locale', 'publishedAt', 'lastUpdatedAt', CORRECTED_AT, READER_LAST_UPDATE],
    where: { documentId },
  })) as ArticleRow[];
  const shown = new Map<string | null, Date | null>();
  for (const row of rows) if (row.publishedAt) shown.set(row.locale ?? null, lastUpdateInstant(row));
  for (const row of rows) {
    const value = shown.get(row.locale ?? null) ?? null;
    if (sameInstant(row.readerLastUpdate, value)) continue;
    // updateMany with one data object leaves `updatedAt` alone (update would bump it and show "Modified").
    await strapi.db.query(ARTICLE).updateMany({ where: { id: row.id }, data: { [READER_LAST_UPDATE]: value } });
  }
}

/**
 * Document Service middleware: keeps `readerLastUpdate` equal to the article's "Last update" as readers see
 * it, so that the admin's list can show and sort by it. Nobody else writes it, nor `correctedAt`: a value sent in
 * `data` is dropped.
 */
export const syncReaderLastUpdateMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== ARTICLE || !WRITES.has(context.action)) return next();
    const params = writeParams(context);
    for (const field of COMPUTED) if (params.data && field in params.data) delete params.data[field];
    const result = await next();
    const documentId = params.documentId ?? (result as { documentId?: unknown } | null)?.documentId;
    if (typeof documentId === 'string') await syncReaderLastUpdate(strapi, documentId);
    return result;
  };

/**
 * Brings every article row's `readerLastUpdate` in line with its published version, in one statement that
 * writes only rows that differ: fills the column on a database from before it existed, and repairs rows
 * written around the Document Service (bulk imports, the benchmark's fill). Returns the rows changed.
 * Uses `lastUpdateSql`, the SQL form of `lastUpdateInstant` (typed datetime columns hold no empty or unparseable values).
 */
export async function backfillReaderLastUpdate(strapi: Core.Strapi, knex: Core.Strapi['db']['connection'] = strapi.db.connection): Promise<number> {
  const meta = strapi.db.metadata.get(ARTICLE);
  const column = (attribute: string) => {
    const definition = meta.attributes[attribute];
    // Relations have no column of their own; every attribute read here is a scalar one.
    const name = definition && 'columnName' in definition ? definition.columnName : undefined;
    if (!name) throw new Error(`readerLastUpdate backfill: no column for ${ARTICLE}.${attribute}`);
    return name;
  };
  const table = meta.tableName;
  const [target, documentId, locale, publishedAt, lastUpdatedAt, correctedAt] = [
    READER_LAST_UPDATE,
    'documentId',
    'locale',
    'publishedAt',
    'lastUpdatedAt',
    CORRECTED_AT,
  ].map(column);
  const shown = knex
    .select(knex.raw(lastUpdateSql('shown', { lastUpdatedAt, publishedAt, correctedAt })))
    .from(`${table} as shown`)
    .whereRaw('?? = ??', [`shown.${documentId}`, `${table}.${documentId}`])
    .whereNotNull(`shown.${publishedAt}`)
    .where((same) => {
      same.whereRaw('?? = ??', [`shown.${locale}`, `${table}.${locale}`]).orWhere((both) => {
        both.whereNull(`shown.${locale}`).whereNull(`${table}.${locale}`);
      });
    })
    .limit(1);
  // Null-safe "differs", so that each row's subquery runs once unless the row changes (~0.3 s for 100k articles).
  const differs = strapi.db.dialect.client === 'postgres' ? 'IS DISTINCT FROM' : 'IS NOT';
  const changed = await knex(table)
    .update({ [target]: shown })
    .whereRaw(`?? ${differs} ?`, [target, shown]);
  return typeof changed === 'number' ? changed : 0;
}
