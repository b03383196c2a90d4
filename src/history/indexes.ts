/** Indexes of the history tables, created after every schema sync (as src/database/reader-indexes.ts does). */
import type { Core } from '@strapi/strapi';
import { defaultLocale } from '../locales';
import { CORRECTION, VERSION } from './versions';

const INDEXES: Array<{ uid: string; name: string; columns: string[] }> = [
  // One locale of a document: its versions, newest first; the latest of each (retention).
  { uid: VERSION, name: 'newsroom_history_document_locale_idx', columns: ['subject_uid', 'subject_document_id', 'locale', 'id'] },
  // The audit trail: its default list (the audited actions) newest first, also by author; other actions; by time.
  { uid: VERSION, name: 'newsroom_history_audited_idx', columns: ['audited', 'id'] },
  { uid: VERSION, name: 'newsroom_history_audited_author_idx', columns: ['audited', 'author_kind', 'author_id', 'id'] },
  { uid: VERSION, name: 'newsroom_history_action_idx', columns: ['action', 'id'] },
  { uid: VERSION, name: 'newsroom_history_created_idx', columns: ['created_at'] },
  // One locale of an article: its corrections, oldest first.
  { uid: CORRECTION, name: 'newsroom_corrections_document_locale_idx', columns: ['subject_uid', 'subject_document_id', 'locale', 'created_at'] },
];

/** Indexes from before locales, replaced by the `_locale_` ones above. */
const RETIRED = ['newsroom_history_document_idx', 'newsroom_corrections_document_idx'];

export async function ensureHistoryIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const name of RETIRED) await knex.raw(`DROP INDEX IF EXISTS ${knex.raw('??', [name]).toQuery()}`);
  for (const index of INDEXES) {
    const table = strapi.db.metadata.get(index.uid).tableName;
    const columns = index.columns.map((column) => knex.raw('??', [column]).toQuery()).join(', ');
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${knex.raw('??', [index.name]).toQuery()} ON ${knex.raw('??', [table]).toQuery()} (${columns})`);
  }
}

/**
 * Versions and corrections recorded before locales were of the only content there was, the default locale's: they
 * get NEWS_DEFAULT_LOCALE, so that they are listed, compared, restored and shown with that locale. Run at every start
 * (after the first, it finds nothing to change).
 */
export async function backfillHistoryLocales(strapi: Core.Strapi): Promise<number> {
  const knex = strapi.db.connection;
  let changed = 0;
  for (const uid of [VERSION, CORRECTION]) {
    const count = await knex(strapi.db.metadata.get(uid).tableName)
      .whereNull('locale')
      .update({ locale: defaultLocale(strapi) });
    changed += typeof count === 'number' ? count : 0;
  }
  return changed;
}
