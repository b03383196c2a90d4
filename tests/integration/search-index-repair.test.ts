/**
 * An index changed behind the app's back (rows deleted, emptied, made stale by SQL; built for another
 * SEARCH_LANGUAGE) as the operator meets it: `npm run doctor` reports it out of step, the next start repairs
 * it (repairSearchIndex at bootstrap), `npm run search:reindex` rebuilds it while the app runs.
 * The write paths that keep it in step: search-index.test.ts.
 */
import { useApp } from '../harness/app';
import { foundIds, uniqueWord } from '../harness/search';
import { childEnv, runScript, type Finished } from '../harness/processes';
import { paragraphs, type ArticleDoc } from '../harness/content';
import { ARTICLE } from '../harness/constants';
import { PG_TABLE, SQLITE_DOCS, SQLITE_FTS, searchIndexDrift } from '../../src/search/engine';

const app = useApp();

const word = uniqueWord;

const found = (q: string) => foundIds(app, q);

/** `npm run doctor`'s Search index line on this file's database. */
async function doctorLine(env: Record<string, string> = {}): Promise<string> {
  const result = await runScript(
    'scripts/doctor.js',
    ['--skip=node,build,config,purge,database,migrations,admin-build,disk'],
    childEnv({ ...app.database.env, ...env }),
  );
  const line = result.stdout.split('\n').find((text) => text.includes('Search index:'));
  if (!line) throw new Error(`no Search index line (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return line.replace(/ +/, ' ');
}

const reindex = (env: Record<string, string> = {}): Promise<Finished> => runScript('scripts/search-reindex.js', [], childEnv({ ...app.database.env, ...env }));

const sql = (statement: string, bindings: unknown[] = []) => app.strapi.db.connection.raw(statement, bindings as never);
const sqlite = () => app.client === 'sqlite';

/** The published row of an article. */
const publishedId = async (doc: ArticleDoc) =>
  Number(((await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: doc.documentId, publishedAt: { $notNull: true } } })) as { id: number }).id);
const draftId = async (doc: ArticleDoc) =>
  Number(((await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: doc.documentId, publishedAt: null } })) as { id: number }).id);

const words = { a: word(), b: word(), c: word(), d: word() };
let stories: Record<'a' | 'b' | 'c' | 'd', ArticleDoc>;
let published: number;

beforeAll(async () => {
  const section = await app.kit.section('Repair desk');
  const make = (key: keyof typeof words) => app.kit.article({ section, title: `Story ${key}`, body: paragraphs(`It says ${words[key]}.`) });
  stories = { a: await make('a'), b: await make('b'), c: await make('c'), d: await make('d') };
  published = await app.strapi.documents(ARTICLE).count({ status: 'published' });
});

const everyStoryFound = async () => {
  for (const key of ['a', 'b', 'c', 'd'] as const) expect({ key, found: await found(words[key]) }).toEqual({ key, found: [stories[key].documentId] });
};

test('npm run doctor: in step', async () => {
  expect(await doctorLine()).toBe(`OK Search index: in step (${published} entries)`);
});

test('entries deleted, made stale and left behind by SQL: the doctor reports them, the next start repairs them', async () => {
  const [a, b, c] = [await publishedId(stories.a), await publishedId(stories.b), await publishedId(stories.c)];
  const draft = await draftId(stories.d);
  if (sqlite()) {
    await sql(`DELETE FROM ${SQLITE_DOCS} WHERE article_id = ?`, [a]);
    await sql(`DELETE FROM ${SQLITE_FTS} WHERE rowid = ?`, [b]);
    await sql(`UPDATE ${SQLITE_DOCS} SET version = 'stale' WHERE article_id = ?`, [c]);
    await sql(`UPDATE ${SQLITE_FTS} SET body = '' WHERE rowid = ?`, [c]);
    // An entry of a draft row (never indexed): shown to nobody, but not in step.
    await sql(`INSERT INTO ${SQLITE_DOCS} (article_id, document_id, version, locale, language) VALUES (?, ?, 'x', 'en', 'english')`, [
      draft,
      stories.d.documentId,
    ]);
    await sql(`INSERT INTO ${SQLITE_FTS} (rowid, title, body) VALUES (?, 'Story d', 'draft row')`, [draft]);
  } else {
    await sql(`DELETE FROM ${PG_TABLE} WHERE article_id IN (?, ?)`, [a, b]);
    await sql(`UPDATE ${PG_TABLE} SET version = 'stale', body = '', document = to_tsvector('') WHERE article_id = ?`, [c]);
    await sql(
      `INSERT INTO ${PG_TABLE} (article_id, document_id, version, locale, language, title, body, document) ` +
        `VALUES (?, ?, 'x', 'en', 'english', 'Story d', 'draft row', to_tsvector('draft row'))`,
      [draft, stories.d.documentId],
    );
  }
  // (On SQLite a reader still finds a: searches read the FTS5 table, whose row of a is still there.)
  expect({ b: await found(words.b), c: await found(words.c) }).toEqual({ b: [], c: [] });
  expect(await doctorLine()).toBe(
    'WARN Search index: out of step: 3 published articles missing or stale, 1 entry of unpublished or deleted rows: the next start repairs it, or run npm run search:reindex',
  );

  await app.reboot();
  await everyStoryFound();
  expect(await searchIndexDrift(app.strapi)).toEqual({ missing: [], orphaned: [] });
  expect(await doctorLine()).toBe(`OK Search index: in step (${published} entries)`);
});

test('an emptied index: npm run search:reindex rebuilds it while the app runs', async () => {
  if (sqlite()) {
    await sql(`DELETE FROM ${SQLITE_DOCS}`);
    await sql(`DELETE FROM ${SQLITE_FTS}`);
  } else await sql(`DELETE FROM ${PG_TABLE}`);
  expect(await found(words.a)).toEqual([]);
  expect(await doctorLine()).toMatch(new RegExp(`^WARN Search index: out of step: ${published} published articles missing or stale, 0 entries`));

  const result = await reindex();
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  expect(result.stdout.trim()).toMatch(
    new RegExp(`^Search index of (SQLite|PostgreSQL) \\S+ rebuilt: ${published} published articles in \\d+\\.\\d s; \\d+\\.\\d (KB|MB)$`),
  );
  await everyStoryFound();
  expect(await doctorLine()).toBe(`OK Search index: in step (${published} entries)`);
});

test('npm run search:reindex fails with one clear line and exit code 1 when it cannot run', async () => {
  const result = await reindex({ SEARCH_LANGUAGE: 'klingon' });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toMatch(/^Search reindex failed: cannot rebuild: SEARCH_LANGUAGE "klingon" is not one of simple, .*$/);
});

test('an index built for another SEARCH_LANGUAGE: the doctor warns, the next start rebuilds it', async () => {
  const line = await doctorLine({ SEARCH_LANGUAGE: 'simple' });
  expect(line).toMatch(
    /^WARN Search index: built for another SEARCH_LANGUAGE or tokenizer \(.+; SEARCH_LANGUAGE=simple needs .+\): the next start rebuilds it$/,
  );
  await app.reboot({ SEARCH_LANGUAGE: 'simple' });
  expect(await doctorLine({ SEARCH_LANGUAGE: 'simple' })).toBe(`OK Search index: in step (${published} entries)`);
  await everyStoryFound();
});
