/** Indexes of the history tables, created after every schema sync (as src/database/reader-indexes.ts does). */
import type { Core } from '@strapi/strapi';
import { CORRECTION, VERSION } from './versions';

const INDEXES: Array<{ uid: string; name: string; columns: string[] }> = [
  // One document's versions, newest first; the latest of each (retention).
  { uid: VERSION, name: 'newsroom_history_document_idx', columns: ['subject_uid', 'subject_document_id', 'id'] },
  // The audit trail: its default list (the audited actions) newest first, also by author; other actions; by time.
  { uid: VERSION, name: 'newsroom_history_audited_idx', columns: ['audited', 'id'] },
  { uid: VERSION, name: 'newsroom_history_audited_author_idx', columns: ['audited', 'author_kind', 'author_id', 'id'] },
  { uid: VERSION, name: 'newsroom_history_action_idx', columns: ['action', 'id'] },
  { uid: VERSION, name: 'newsroom_history_created_idx', columns: ['created_at'] },
  { uid: CORRECTION, name: 'newsroom_corrections_document_idx', columns: ['subject_uid', 'subject_document_id', 'created_at'] },
];

export async function ensureHistoryIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const index of INDEXES) {
    const table = strapi.db.metadata.get(index.uid).tableName;
    const columns = index.columns.map((column) => knex.raw('??', [column]).toQuery()).join(', ');
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${knex.raw('??', [index.name]).toQuery()} ON ${knex.raw('??', [table]).toQuery()} (${columns})`);
  }
}
