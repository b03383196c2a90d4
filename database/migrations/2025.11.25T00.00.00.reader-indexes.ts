/**
 * Reader API indexes (article by slug, newest published articles of a section, teasers shown now):
 * declared in src/reader/queries/*, applied by src/database/reader-indexes.ts.
 *
 * A TypeScript migration: config/database.ts sets `settings.useTypescriptMigrations`, so Strapi runs the
 * compiled file from dist/database/migrations. Strapi runs user migrations before its schema sync: on a
 * brand-new database there is no table yet and this migration does nothing; the same indexes are then
 * created right after the sync (src/index.ts). Idempotent (CREATE INDEX IF NOT EXISTS).
 */
import { dropReaderIndexes, ensureReaderIndexes, type IndexKnex } from '../../src/database/reader-indexes';
import { liftStatementDeadline } from '../../src/database/statement-deadline';
import type { Metadata } from '../../src/reader/names';

/** Strapi calls it with the migration's transaction and its database, whose metadata is loaded by then. */
export async function up(knex: IndexKnex, db: { metadata: Metadata }): Promise<void> {
  await liftStatementDeadline(knex);
  await ensureReaderIndexes(knex, db.metadata);
}

/** Strapi has no command to run it; kept so that the change can be undone by hand. */
export async function down(knex: IndexKnex): Promise<void> {
  await dropReaderIndexes(knex);
}
