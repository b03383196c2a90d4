/**
 * Unique indexes: slugs unique per type, one draft and one published row per document, held by the
 * database also across several instances: see src/database/integrity-indexes.ts.
 *
 * Like the reader-indexes migration: Strapi runs it before its schema sync, so on a brand-new database it
 * finds no table and does nothing; the same indexes are created right after the sync (src/index.ts),
 * which also reports an index that stored duplicates keep from being created. Idempotent.
 */
import { dropIntegrityIndexes, ensureIntegrityIndexes } from '../../src/database/integrity-indexes';
import type { IndexKnex } from '../../src/database/reader-indexes';
import { liftStatementDeadline } from '../../src/database/statement-deadline';

export async function up(knex: IndexKnex): Promise<void> {
  await liftStatementDeadline(knex);
  await ensureIntegrityIndexes(knex);
}

/** Strapi has no command to run it; kept so that the change can be undone by hand. */
export async function down(knex: IndexKnex): Promise<void> {
  await dropIntegrityIndexes(knex);
}
