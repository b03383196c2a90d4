/**
 * The reader indexes (declared in src/reader/queries/*, applied by src/database/reader-indexes.ts) exist after boot on a brand-new database, are
 * created by the migration on an existing database that lacks them, and running the migration again
 * changes nothing. Runs on SQLite (`npm test`) and PostgreSQL (`npm run test:postgres`).
 */
import { useApp } from '../harness/app';
import { dropReaderIndexes, ensureReaderIndexes, type ReaderIndex } from '../../src/database/reader-indexes';
import { readerIndexes } from '../../src/reader/indexes';

const MIGRATION = '2025.11.25T00.00.00.reader-indexes.js';

const app = useApp();
/** The reader indexes with their table and column names on this database (src/reader/indexes.ts). */
let READER_INDEXES: ReaderIndex[];

beforeAll(() => {
  READER_INDEXES = readerIndexes(app.strapi.db.metadata);
});

const knex = () => app.strapi.db.connection;

/** Every index of the content tables, name → definition, as the database itself reports it. */
async function indexes(): Promise<Record<string, string>> {
  if (app.client === 'postgres') {
    const result = await knex().raw<{ rows: Array<{ indexname: string; indexdef: string }> }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('articles', 'teasers', 'sections') ORDER BY indexname`,
    );
    return Object.fromEntries(result.rows.map((row) => [row.indexname, row.indexdef]));
  }
  const rows = await knex().raw<Array<{ name: string; sql: string }>>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('articles', 'teasers', 'sections') AND sql IS NOT NULL ORDER BY name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
}

const normalize = (sql: string) => sql.toLowerCase().replace(/["`]/g, '').replace(/\s+/g, ' ');

/** Runs the pending user migrations as Strapi does at start-up (before its schema sync). */
async function runMigrations() {
  await app.strapi.db.migrations.up();
}

const executed = async () => (await knex()('strapi_migrations').select('name')).map((row: { name: string }) => row.name);

describe('reader indexes', () => {
  it('exist after the first start on a brand-new database, with their columns and partial conditions', async () => {
    const found = await indexes();
    for (const index of READER_INDEXES) {
      const definition = found[index.name];
      expect(definition).toBeDefined();
      const text = normalize(definition);
      expect(text).toContain(`on ${app.client === 'postgres' ? 'public.' : ''}${index.table}`);
      expect(text).toContain(index.columns.join(', '));
      if (index.where) expect(text).toContain(normalize(index.where));
    }
    // The migration ran on the new database (before the tables existed) and is recorded as done.
    expect(await executed()).toContain(MIGRATION);
  });

  it('are created by the migration on an existing database that lacks them', async () => {
    await dropReaderIndexes(knex());
    await knex()('strapi_migrations').where({ name: MIGRATION }).delete();
    const without = await indexes();
    for (const index of READER_INDEXES) expect(without[index.name]).toBeUndefined();

    await runMigrations();

    const found = await indexes();
    for (const index of READER_INDEXES) expect(found[index.name]).toBeDefined();
    expect(await executed()).toContain(MIGRATION);
  });

  it('change nothing when the migration and the post-sync step run again', async () => {
    const before = await indexes();
    await knex()('strapi_migrations').where({ name: MIGRATION }).delete();
    await runMigrations();
    expect(await ensureReaderIndexes(knex(), app.strapi.db.metadata)).toEqual({ skipped: [] });
    expect(await indexes()).toEqual(before);
    expect((await executed()).filter((name) => name === MIGRATION)).toHaveLength(1);
  });
});
