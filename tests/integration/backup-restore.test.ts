/**
 * `npm run backup` and `npm run restore` round trip, on this run's database (SQLite or PostgreSQL):
 * seed the newsroom with a media file, back up, wipe the database and the media, restore into the empty
 * database, and the reader API answers byte for byte as before (documentIds, dates, the cover; only the
 * internal row ids of list items may differ, see `readerAnswers`). Then an
 * encrypted backup restored over changed content brings the same answers back; admin users stay. The search
 * index follows a restore: in step before the next start, restored words found, words written after the
 * backup not. The revision history and the corrections come back as they were.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';
import { Client } from 'pg';
import request from 'supertest';
import { freshDatabase } from '../harness/app';
import { appDir, REFERENCE_SLUG, ARTICLE, SECTION, SEED_DIR } from '../harness/constants';
import { childEnv, runScript } from '../harness/processes';
import { loadSeed, readSeed } from '../../src/seed/seed';
import { appendCorrection } from '../../src/history/corrections';
import { CORRECTION, VERSION } from '../../src/history/versions';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- test-env is a CommonJS file the Jest setup also loads
const { applyTestEnv } = require('../harness/test-env');

const READER_URLS = [
  `/api/articles/by-slug/${REFERENCE_SLUG}`,
  '/api/articles?pagination[pageSize]=100&sort=documentId',
  '/api/sections?pagination[pageSize]=100&sort=documentId',
  '/api/teasers?pagination[pageSize]=100&sort=documentId',
  '/api/articles?pagination[pageSize]=100',
];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const KEY = crypto.randomBytes(24).toString('base64');

let database: Awaited<ReturnType<typeof freshDatabase>>;
let workDir: string;
let publicDir: string;
let backupDir: string;
let app: { strapi: Core.Strapi; http: () => ReturnType<typeof request> } | null = null;

const env = (extra: Record<string, string | undefined> = {}) => childEnv({ ...database.env, PUBLIC_DIR: publicDir, BACKUP_DIR: backupDir, ...extra });

/** Boots Strapi in this process on the test database (as it is: no fresh database). */
async function boot() {
  applyTestEnv();
  Object.assign(process.env, database.env, { PUBLIC_DIR: publicDir });
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  strapi.server.mount();
  app = { strapi, http: () => request(strapi.server.httpServer) };
  return app;
}

async function shutdown() {
  await app?.strapi.destroy();
  app = null;
}

/**
 * The reader API's answers, as bytes. Strapi's core list routes also carry each row's numeric `id`, an
 * internal row number that a restore does not keep (nor does a publish: every publication writes a new
 * row); clients use `documentId`. List answers are compared without it, re-serialized in the same key
 * order; the article page carries no `id` and is compared as it was sent. A list without `sort` comes in
 * the database's storage order, which PostgreSQL changes on any UPDATE: its items are compared in order
 * of their bytes.
 */
async function readerAnswers(): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  for (const url of READER_URLS) {
    const res = await app!.http().get(url);
    expect(res.status).toBe(200);
    if (url.includes('/by-slug/')) {
      expect(res.text).not.toMatch(/"id":/);
      answers[url] = res.text;
    } else {
      const body = JSON.parse(res.text) as { data: Record<string, unknown>[]; meta: unknown };
      expect(body.data.every((item) => typeof item.id === 'number')).toBe(true);
      const items = body.data.map(({ id: _rowId, ...item }) => JSON.stringify(item));
      answers[url] = JSON.stringify({ data: url.includes('sort=') ? items : [...items].sort(), meta: body.meta });
    }
  }
  return answers;
}

/**
 * The admin list's "Last update" of the reference article's rows, read straight from the database: the
 * value the archive brought, before a start of the app could fill it in again.
 */
async function storedReaderLastUpdates(): Promise<string[]> {
  const sql = 'SELECT reader_last_update AS value FROM articles WHERE slug = $1 ORDER BY id';
  let values: unknown[];
  if (database.env.DATABASE_CLIENT === 'postgres') {
    const pg = new Client({ connectionString: database.env.DATABASE_URL });
    await pg.connect();
    try {
      values = (await pg.query(sql, [REFERENCE_SLUG])).rows.map((row: { value: unknown }) => row.value);
    } finally {
      await pg.end();
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here; required only on the SQLite branch
    const Sqlite = require('better-sqlite3');
    const db = new Sqlite(database.env.DATABASE_FILENAME, { readonly: true });
    try {
      values = (db.prepare(sql.replace('$1', '?')).all(REFERENCE_SLUG) as { value: unknown }[]).map((row) => row.value);
    } finally {
      db.close();
    }
  }
  return values.map((value) => (value === null ? 'null' : new Date(value as string | number | Date).toISOString()));
}

/** The revision history and the corrections, without row ids (a restore renumbers rows), in a stable order. */
async function historyRecord(strapi: Core.Strapi) {
  const iso = (value: unknown) => new Date(value as string).toISOString();
  const versions = (await strapi.db.query(VERSION).findMany({})) as Array<Record<string, unknown>>;
  const corrections = (await strapi.db.query(CORRECTION).findMany({})) as Array<Record<string, unknown>>;
  const key = (row: Record<string, unknown>) => JSON.stringify(row);
  return {
    versions: versions
      .map(({ subjectUid, subjectDocumentId, locale, action, authorKind, authorName, title, published, content, createdAt }) => ({
        subjectUid,
        subjectDocumentId,
        locale,
        action,
        authorKind,
        authorName,
        title,
        published,
        content,
        createdAt: iso(createdAt),
      }))
      .sort((a, b) => key(a).localeCompare(key(b))),
    corrections: corrections.map(({ subjectDocumentId, locale, text, createdAt }) => ({ subjectDocumentId, locale, text, createdAt: iso(createdAt) })),
  };
}
let historyBefore: Awaited<ReturnType<typeof historyRecord>>;

/** Drops the database and creates it again, empty; deletes the media files. */
async function wipe() {
  if (database.env.DATABASE_CLIENT === 'postgres') {
    const url = new URL(database.env.DATABASE_URL);
    const name = url.pathname.slice(1);
    const admin = new Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
  } else {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${database.env.DATABASE_FILENAME}${suffix}`, { force: true });
  }
  fs.rmSync(path.join(publicDir, 'uploads'), { recursive: true, force: true });
  fs.mkdirSync(path.join(publicDir, 'uploads'));
}

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

/** `npm run doctor`'s Search index line, before any start of the app could repair the index. */
async function searchIndexLine(): Promise<string> {
  const result = await runScript('scripts/doctor.js', ['--skip=node,build,config,purge,database,migrations,admin-build,disk'], env());
  return (result.stdout.split('\n').find((line) => line.includes('Search index:')) ?? result.stdout).replace(/ +/, ' ');
}

/** The documentIds a reader's search for `q` finds. */
async function searchFinds(q: string): Promise<string[]> {
  const res = await app!.http().get('/api/search').query({ q });
  expect(res.status).toBe(200);
  return (res.body.data as Array<{ documentId: string }>).map((hit) => hit.documentId);
}
/** A phrase of the reference article's body (tests/fixtures/article-page.txt). */
const REFERENCE_PHRASE = '"distanced itself from embattled Syrian President"';

/**
 * What a script wrote to stderr, but for one known notice: on PostgreSQL, Strapi's import runs
 * overlapping queries on one client, which pg 8 tolerates and announces as deprecated (pg 9 will not).
 */
const stderrProblems = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^\(node:\d+\) DeprecationWarning: Calling client\.query\(\) when the client is already executing a query/.test(line))
    .filter((line) => !line.startsWith('(Use `node --trace-deprecation'));

let before: Record<string, string>;
let coverFile: { url: string; bytes: Buffer };
let archive: string;

beforeAll(async () => {
  database = await freshDatabase();
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  workDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'backup-test-'));
  publicDir = path.join(workDir, 'public');
  backupDir = path.join(workDir, 'backups');
  fs.mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });

  // The newsroom: the seed, a cover image on the reference article, and an unpublished draft.
  const { strapi } = await boot();
  await loadSeed(strapi, readSeed(SEED_DIR));
  const pngPath = path.join(workDir, 'cover.png');
  fs.writeFileSync(pngPath, PNG);
  const [uploaded] = (await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: 'cover.png', alternativeText: 'Vienna' } },
      files: { filepath: pngPath, originalFilename: 'cover.png', mimetype: 'image/png', size: PNG.length },
    })) as { id: number; url: string }[];
  const articles = strapi.documents(ARTICLE);
  const reference = await articles.findFirst({ filters: { slug: REFERENCE_SLUG } });
  await articles.update({ documentId: reference!.documentId, data: { cover: uploaded.id } as never });
  await articles.publish({ documentId: reference!.documentId });
  const world = await strapi.documents(SECTION).findFirst({ filters: { slug: 'world' } });
  await articles.create({ data: { title: 'A draft nobody has seen', section: world!.documentId } as never });

  await appendCorrection(strapi, { uid: ARTICLE, documentId: reference!.documentId, text: 'An earlier version of this article misspelt a name.' });
  historyBefore = await historyRecord(strapi);
  expect(historyBefore.versions.length).toBeGreaterThan(40);
  expect(historyBefore.corrections).toHaveLength(1);

  before = await readerAnswers();
  expect(JSON.parse(before[READER_URLS[0]]).data.cover.url).toBe(uploaded.url);
  coverFile = { url: uploaded.url, bytes: fs.readFileSync(path.join(publicDir, uploaded.url)) };
  await shutdown();
});

afterAll(async () => {
  await shutdown();
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('npm run backup writes a timestamped archive under BACKUP_DIR', async () => {
  const result = await runScript('scripts/backup.js', [], env());
  expect(stderrProblems(result.stderr)).toEqual([]);
  expect(result.code).toBe(0);
  archive = path.resolve(appDir, lastLine(result.stdout));
  expect(path.resolve(appDir, path.dirname(archive))).toBe(backupDir);
  expect(path.basename(archive)).toMatch(/^newsroom-\d{8}-\d{6}\.tar\.gz$/);
  expect(fs.statSync(archive).size).toBeGreaterThan(1000);
  expect(result.stdout).toMatch(/Backup of (SQLite|PostgreSQL) .*: \d+ entities, \d+ links, 1 media files, \d+ settings; [\d.]+ KB, in [\d.]+ s/);
});

test('npm run restore asks first: "no" (or no answer) changes nothing', async () => {
  await wipe();
  for (const input of ['n\n', '']) {
    const result = await runScript('scripts/restore.js', [archive], env(), { input });
    expect(result.stdout).toMatch(/^Restore .*newsroom-\d{8}-\d{6}\.tar\.gz into (SQLite|PostgreSQL) .*\? .* \[y\/N\] /);
    expect(result.stderr).toMatch(/Restore cancelled: nothing was changed\./);
    expect(result.code).toBe(1);
  }
  if (database.env.DATABASE_CLIENT === 'sqlite') expect(fs.existsSync(database.env.DATABASE_FILENAME)).toBe(false);
});

test('restored into the emptied database, the reader API answers byte for byte as before, media included', async () => {
  const result = await runScript('scripts/restore.js', [archive, '--yes'], env());
  expect(stderrProblems(result.stderr)).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/Restored .* into (SQLite|PostgreSQL) .*: \d+ entities, \d+ links, 1 media files, \d+ settings/);
  expect(result.stdout).toMatch(/Admin-panel users are not in backups/);
  // Draft and published row: the admin list shows readers' "Last update" straight from the archive.
  expect(await storedReaderLastUpdates()).toEqual(['2016-05-17T19:42:00.000Z', '2016-05-17T19:42:00.000Z']);
  expect(await searchIndexLine()).toMatch(/^OK Search index: in step \(\d+ entries\)$/);

  expect(fs.readFileSync(path.join(publicDir, coverFile.url))).toEqual(coverFile.bytes);
  await boot();
  expect(await readerAnswers()).toEqual(before);
  const media = await app!.http().get(coverFile.url);
  expect(media.status).toBe(200);
  expect(Buffer.from(media.body)).toEqual(coverFile.bytes);
  const reference = await app!.strapi.documents(ARTICLE).findFirst({ filters: { slug: REFERENCE_SLUG }, status: 'published' });
  expect(await searchFinds(REFERENCE_PHRASE)).toEqual([reference!.documentId]);
  // The draft came back as a draft.
  const drafts = await app!.strapi.documents(ARTICLE).findMany({ filters: { title: 'A draft nobody has seen' }, status: 'draft' });
  expect(drafts).toHaveLength(1);
  // The history and the corrections came back with it.
  expect(await historyRecord(app!.strapi)).toEqual(historyBefore);
});

test('an encrypted backup, restored over changed content, brings the same answers back; admin users stay', async () => {
  const { strapi } = app!;
  const admin = (await strapi.service('admin::user').create({
    email: `operator-${crypto.randomBytes(3).toString('hex')}@newsroom.test`,
    firstname: 'Olga',
    lastname: 'Operator',
    password: 'Operator-Passw0rd',
    isActive: true,
    registrationToken: null,
    roles: [((await strapi.service('admin::role').getSuperAdmin()) as { id: number }).id],
  })) as { id: number; email: string };

  const backup = await runScript('scripts/backup.js', [], env({ BACKUP_ENCRYPTION_KEY: KEY }));
  expect(backup.code).toBe(0);
  const encrypted = path.resolve(appDir, lastLine(backup.stdout));
  expect(path.basename(encrypted)).toMatch(/^newsroom-\d{8}-\d{6}(-\d+)?\.tar\.gz\.enc$/);

  // Changed content: a new headline and body, published, and a new article.
  const articles = strapi.documents(ARTICLE);
  const reference = await articles.findFirst({ filters: { slug: REFERENCE_SLUG } });
  await articles.update({
    documentId: reference!.documentId,
    data: { title: 'Changed after the backup', body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Rewritten: quixotrope.' }] }] } as never,
  });
  await articles.publish({ documentId: reference!.documentId });
  const world = await strapi.documents(SECTION).findFirst({ filters: { slug: 'world' } });
  const added = await articles.create({
    data: {
      title: 'Written after the backup',
      section: world!.documentId,
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'zorblaxian' }] }],
    } as never,
    status: 'published',
  });
  expect((await readerAnswers())[READER_URLS[0]]).not.toBe(before[READER_URLS[0]]);
  expect({ rewritten: await searchFinds('quixotrope'), added: await searchFinds('zorblaxian'), old: await searchFinds(REFERENCE_PHRASE) }).toEqual({
    rewritten: [reference!.documentId],
    added: [added.documentId],
    old: [],
  });
  await shutdown();

  const withoutKey = await runScript('scripts/restore.js', [encrypted, '--yes'], env());
  expect(withoutKey.code).toBe(1);
  expect(withoutKey.stderr).toMatch(/Restore failed: .*\.tar\.gz\.enc is encrypted: set BACKUP_ENCRYPTION_KEY to the key it was made with/);

  const restored = await runScript('scripts/restore.js', [encrypted, '--yes'], env({ BACKUP_ENCRYPTION_KEY: KEY }));
  expect(stderrProblems(restored.stderr)).toEqual([]);
  expect(restored.code).toBe(0);

  expect(await searchIndexLine()).toMatch(/^OK Search index: in step \(\d+ entries\)$/);

  await boot();
  expect(await readerAnswers()).toEqual(before);
  expect({ rewritten: await searchFinds('quixotrope'), added: await searchFinds('zorblaxian'), old: await searchFinds(REFERENCE_PHRASE) }).toEqual({
    rewritten: [],
    added: [],
    old: [reference!.documentId],
  });
  const kept = await app!.strapi.db.query('admin::user').findOne({ where: { id: admin.id } });
  expect(kept).toMatchObject({ email: admin.email });
});
