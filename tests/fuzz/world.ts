/**
 * The fuzzer's world: two production servers on two databases that differ only in hidden content.
 *
 * World A is the demo seed plus the hidden world of leaks.test.ts (tests/harness/hidden-world.ts),
 * built through the Document Service, with its German controls and German hidden things. World B is a byte copy of A (SQLite: the file; PostgreSQL: CREATE
 * DATABASE … TEMPLATE) in which only hidden rows are rewritten with SQL: every draft row of articles and
 * teasers, and every row of a teaser that readers must not see, gets other titles, headlines, bodies,
 * positions and dates. A reader answer that differs between A and B therefore depends on hidden content.
 * Rows are rewritten whatever their locale: a German draft next to a published English version, a German
 * translation unpublished or scheduled, German-only teasers outside their window.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import { createStrapi, type Core } from '@strapi/strapi';
import { freshDatabase, settleDatabaseWork } from '../harness/app';
import type { Row } from '../harness/clients';
import { appDir, ARTICLE, SECTION, TEASER } from '../harness/constants';
import { childEnv, startServerProcess } from '../harness/processes';
import { buildHiddenWorld, DEFAULT_LOCALE, type HiddenWorld } from '../harness/hidden-world';
import { contentKit } from '../harness/content';
import { daysFromNow } from '../harness/time';
import { loadSeed, readSeed, seedDir } from '../../src/seed/seed';

export type DatabaseClient = 'sqlite' | 'postgres';

/** Real names and ids the generators draw values from (visible and hidden alike). */
export interface WorldValues {
  documentIds: { articles: string[]; sections: string[]; teasers: string[] };
  /** Documents no version of which a reader may see. */
  hiddenDocumentIds: string[];
  articleSlugs: string[];
  hiddenSlugs: string[];
  sectionSlugs: string[];
  /** Row ids, hidden (draft) rows included: what `filters[articles]=<id>` would probe with. */
  rowIds: number[];
  hiddenRowIds: number[];
  /** Words that appear only in hidden content, in A and in B. */
  markers: string[];
  /** Words of published articles' titles: what a search finds. */
  visibleWords: string[];
  /** The offered locale codes (the default one and the hidden world's `de`). */
  locales: string[];
}

export interface FuzzServer {
  name: 'A' | 'B';
  url: () => string;
  /** Kills a server that stopped answering and starts it again on the same database. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
  /** The last lines the server wrote, for a failure report. */
  tail: () => string;
}

export interface FuzzWorld {
  client: DatabaseClient;
  values: WorldValues;
  /** What is forbidden in each server's answers: hidden markers and documentIds. */
  forbidden: { A: string[]; B: string[] };
  /**
   * What is forbidden besides in answers to a request for one locale (`locale=de`): the documentIds of documents
   * readers see in another locale, but not in this one.
   */
  forbiddenInLocale: Record<string, string[]>;
  servers: { A: FuzzServer; B: FuzzServer };
  stop: () => Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;
/** How long a fuzz server may take to start. */
const SERVER_READY_TIMEOUT_MS = 180_000;

/** The part of better-sqlite3 used here (the package ships no types). */
interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here; the constructor type is declared above
const Database = require('better-sqlite3') as new (file: string) => SqliteDatabase;

/**
 * One more teaser whose window has not started and one whose window has ended, on another visible
 * article: with two of each, B can reverse their dates, and an order by them that A and B answer alike
 * shows they are not read.
 */
async function addSecondWindows(strapi: Core.Strapi, hidden: HiddenWorld) {
  const kit = contentKit(strapi);
  const windows = [
    { word: 'notyettwo', startsAt: daysFromNow(2), endsAt: null },
    { word: 'expiredtwo', startsAt: null, endsAt: daysFromNow(-2) },
  ];
  for (const window of windows) {
    const marker = `${window.word}${hidden.tag}`;
    const made = await kit.teaser({ article: hidden.visible.story, section: hidden.visible.section, headline: `Teaser ${marker}`, ...window });
    hidden.hiddenDocuments.teasers.push(made.documentId);
    hidden.kinds.push({
      name: `a second ${window.startsAt ? 'teaser whose window has not started' : 'teaser whose window has ended'}`,
      locale: DEFAULT_LOCALE,
      localeMarkers: [],
      markers: [marker, made.documentId],
      item: { type: 'teasers', documentId: made.documentId, identifier: `Teaser ${marker}`, shownAs: null },
      hiddenSlug: null,
      previewDocumentId: hidden.visible.story.documentId,
    });
  }
}

/** Builds world A on a fresh database with an in-process Strapi, and returns what the generators need. */
async function buildWorldA(env: Record<string, string>): Promise<{ hidden: HiddenWorld; values: Omit<WorldValues, 'markers'> }> {
  Object.assign(process.env, env, { NODE_ENV: 'test', CRON_ENABLED: 'false', SEED_ON_EMPTY: 'false' });
  const strapi: Core.Strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  try {
    await loadSeed(strapi, readSeed(seedDir(strapi)));
    const hidden = await buildHiddenWorld(strapi);
    await addSecondWindows(strapi, hidden);
    const rows = async (uid: typeof ARTICLE | typeof SECTION | typeof TEASER) => (await strapi.db.query(uid).findMany({ orderBy: { id: 'asc' } })) as Row[];
    const [articles, sections, teasers] = [await rows(ARTICLE), await rows(SECTION), await rows(TEASER)];
    const unique = (list: unknown[]) => [...new Set(list.map(String))];
    const locales = (await strapi.db.query('plugin::i18n.locale').findMany({ select: ['code'] })) as Array<{ code: string }>;
    const isDraft = (row: Row) => row.publishedAt === null || row.publishedAt === undefined;
    const hiddenDocumentIds = [...hidden.hiddenDocuments.articles, ...hidden.hiddenDocuments.teasers];
    return {
      hidden,
      values: {
        documentIds: {
          articles: unique(articles.map((r) => r.documentId)),
          sections: unique(sections.map((r) => r.documentId)),
          teasers: unique(teasers.map((r) => r.documentId)),
        },
        hiddenDocumentIds,
        articleSlugs: unique(articles.map((r) => r.slug)),
        hiddenSlugs: hidden.kinds.flatMap((kind) => (kind.hiddenSlug ? [kind.hiddenSlug] : [])),
        visibleWords: unique(articles.filter((row) => !isDraft(row)).flatMap((row) => String(row.title).match(/[\p{L}\p{N}]+/gu) ?? [])).slice(0, 300),
        sectionSlugs: unique(sections.map((r) => r.slug)),
        locales: unique(locales.map((row) => row.code)).sort(),
        rowIds: [...articles, ...teasers, ...sections].map((r) => Number(r.id)),
        hiddenRowIds: [...articles.filter(isDraft), ...teasers.filter((r) => isDraft(r) || hiddenDocumentIds.includes(String(r.documentId)))].map((r) =>
          Number(r.id),
        ),
      },
    };
  } finally {
    await settleDatabaseWork(strapi);
    await strapi.destroy();
  }
}

/** A tiny SQL surface over either database, `?` placeholders. */
interface Sql {
  all: (sql: string, params?: unknown[]) => Promise<Row[]>;
  run: (sql: string, params?: unknown[]) => Promise<void>;
  close: () => Promise<void>;
}

async function openSql(client: DatabaseClient, env: Record<string, string>): Promise<Sql> {
  if (client === 'sqlite') {
    const db = new Database(env.DATABASE_FILENAME);
    return {
      all: async (sql, params = []) => db.prepare(sql).all(...params) as Row[],
      run: async (sql, params = []) => void db.prepare(sql).run(...params),
      close: async () => void db.close(),
    };
  }
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${(n += 1)}`);
  };
  return {
    all: async (sql, params = []) => (await pg.query(numbered(sql), params)).rows as Row[],
    run: async (sql, params = []) => void (await pg.query(numbered(sql), params)),
    close: () => pg.end(),
  };
}

/** Epoch ms of a date column's value (SQLite: epoch ms or text; PostgreSQL: Date), or null. */
function timeOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const time = typeof value === 'string' ? new Date(value).getTime() : NaN;
  return Number.isNaN(time) ? null : time;
}

/** `at` (epoch ms) in the form of `sample`, what the column already holds. */
function asColumn(sample: unknown, at: number | null): unknown {
  if (at === null) return null;
  if (sample instanceof Date) return new Date(at);
  if (typeof sample === 'number') return at;
  return new Date(at).toISOString();
}

/**
 * New dates for hidden rows, in reverse order of the old ones, so that any ordering by them changes.
 * `side` keeps what makes a row hidden: 'future' dates stay after now (embargo, window not started),
 * 'past' ones before now (window ended); 'any' (drafts) mirrors around now.
 */
function reversed(values: unknown[], side: 'future' | 'past' | 'any'): unknown[] {
  const now = Date.now();
  const times = values.map(timeOf).filter((t): t is number => t !== null);
  const [min, max] = [Math.min(...times), Math.max(...times)];
  return values.map((value) => {
    const t = timeOf(value);
    if (t === null) return value;
    const at = side === 'future' ? now + DAY + (max - t) : side === 'past' ? now - DAY - (t - min) : 2 * now - t;
    return asColumn(value, at);
  });
}

/**
 * Rewrites world B's hidden content: draft rows of articles and teasers, and every row of hidden teasers.
 * Texts get B's marker word; dates are reversed (see `reversed`); teaser positions move. Visible rows are
 * not touched. Returns B's marker word.
 */
async function rewriteHidden(sql: Sql, hiddenTeasers: string[]): Promise<string> {
  const markerB = `rewritten${crypto.randomBytes(3).toString('hex')}`;
  const body = (id: unknown) =>
    JSON.stringify([{ type: 'paragraph', children: [{ type: 'text', text: `Other body ${markerB} ${String(id)}, longer than the first.` }] }]);
  const column = (rows: Row[], name: string, side: 'future' | 'past' | 'any') =>
    reversed(
      rows.map((row) => row[name]),
      side,
    );

  const articles = await sql.all(
    'SELECT id, publication_date, last_updated_at, scheduled_at, updated_at, created_at FROM articles WHERE published_at IS NULL ORDER BY id',
  );
  const articleDates = Object.fromEntries(
    (['publication_date', 'last_updated_at', 'updated_at', 'created_at'] as const).map((name) => [name, column(articles, name, 'any')] as const),
  ) as Record<string, unknown[]>;
  const scheduled = column(articles, 'scheduled_at', 'future');
  for (const [k, row] of articles.entries()) {
    await sql.run(
      'UPDATE articles SET title = ?, byline = ?, body = ?, publication_date = ?, last_updated_at = ?, scheduled_at = ?, updated_at = ?, created_at = ? WHERE id = ?',
      [
        `Aaa ${markerB} ${String(row.id)}`,
        `Zed ${markerB}`,
        body(row.id),
        articleDates.publication_date[k],
        articleDates.last_updated_at[k],
        scheduled[k],
        articleDates.updated_at[k],
        articleDates.created_at[k],
        row.id,
      ],
    );
  }

  const placeholders = hiddenTeasers.map(() => '?').join(', ') || 'NULL';
  const teasers = await sql.all(
    `SELECT id, published_at, position, starts_at, ends_at, updated_at, created_at FROM teasers WHERE published_at IS NULL OR document_id IN (${placeholders}) ORDER BY id`,
    hiddenTeasers,
  );
  const now = Date.now();
  const drafts = teasers.filter((row) => row.published_at === null || row.published_at === undefined);
  const published = teasers.filter((row) => !drafts.includes(row));
  // Published hidden teasers keep their reason: a window not started stays ahead, an ended one behind.
  const notStarted = published.filter((row) => (timeOf(row.starts_at) ?? 0) > now);
  const ended = published.filter((row) => (timeOf(row.ends_at) ?? Infinity) <= now);
  const newDates = new Map<unknown, { starts_at: unknown; ends_at: unknown }>(
    teasers.map((row) => [row.id, { starts_at: row.starts_at, ends_at: row.ends_at }]),
  );
  column(drafts, 'starts_at', 'any').forEach((value, k) => (newDates.get(drafts[k].id)!.starts_at = value));
  column(drafts, 'ends_at', 'any').forEach((value, k) => (newDates.get(drafts[k].id)!.ends_at = value));
  column(notStarted, 'starts_at', 'future').forEach((value, k) => (newDates.get(notStarted[k].id)!.starts_at = value));
  column(ended, 'ends_at', 'past').forEach((value, k) => (newDates.get(ended[k].id)!.ends_at = value));
  const updated = column(teasers, 'updated_at', 'any');
  const created = column(teasers, 'created_at', 'any');
  for (const [k, row] of teasers.entries()) {
    const dates = newDates.get(row.id)!;
    await sql.run('UPDATE teasers SET headline = ?, summary = ?, position = ?, starts_at = ?, ends_at = ?, updated_at = ?, created_at = ? WHERE id = ?', [
      `Aaa ${markerB} ${String(row.id)}`,
      `Other summary ${markerB}`,
      // Reversed too: the last hidden teaser comes first.
      teasers.length - k,
      dates.starts_at,
      dates.ends_at,
      updated[k],
      created[k],
      row.id,
    ]);
  }
  return markerB;
}

async function pgAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** B as a copy of A. */
async function cloneDatabase(client: DatabaseClient, envA: Record<string, string>): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (client === 'sqlite') {
    const file = envA.DATABASE_FILENAME.replace(/\.db$/, '_b.db');
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(`${envA.DATABASE_FILENAME}${suffix}`)) fs.copyFileSync(`${envA.DATABASE_FILENAME}${suffix}`, `${file}${suffix}`);
    }
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const urlA = new URL(envA.DATABASE_URL);
  const nameA = urlA.pathname.slice(1);
  const nameB = `${nameA}_b`;
  await pgAdmin((c) => c.query(`CREATE DATABASE "${nameB}" TEMPLATE "${nameA}"`));
  const urlB = new URL(urlA.toString());
  urlB.pathname = `/${nameB}`;
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: urlB.toString() },
    drop: () => pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${nameB}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Ends the queries a killed server left running (PostgreSQL finishes a statement whose client is gone). */
async function endOrphanQueries(client: DatabaseClient, env: Record<string, string>) {
  if (client !== 'postgres') return;
  const name = new URL(env.DATABASE_URL).pathname.slice(1);
  await pgAdmin((c) => c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]));
}

async function fuzzServer(name: 'A' | 'B', client: DatabaseClient, databaseEnv: Record<string, string>, publicDir: string): Promise<FuzzServer> {
  // One PUBLIC_URL for A and B: the feeds' own URLs and media URLs would otherwise differ by port.
  const env = childEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: 'https://cms.example.com',
    PUBLIC_SITE_URL: 'https://news.example.com',
    PUBLIC_DIR: publicDir,
    BACKUP_DIR: path.join(publicDir, 'backups'),
    ...databaseEnv,
  });
  // Two production servers start at once, often on a machine busy with other work: more than a test server's minute.
  const start = () => startServerProcess(env, { readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
  let current = await start();
  // If the fuzzer dies (Jest's forceExit, a crash), its servers die with it instead of running on.
  process.once('exit', () => current.child.kill('SIGKILL'));
  return {
    name,
    url: () => current.url,
    restart: async () => {
      current.child.kill('SIGKILL');
      await current.exited;
      await endOrphanQueries(client, databaseEnv);
      current = await start();
    },
    stop: async () => {
      const stopping = current.stop();
      // A server still busy with a hostile request gets 5 s, not the graceful 20.
      const timer = setTimeout(() => current.child.kill('SIGKILL'), 5000);
      await stopping;
      clearTimeout(timer);
    },
    tail: () => {
      const { stdout, stderr } = current.output();
      return `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
    },
  };
}

/** Builds A and B and starts a production server on each. The caller must `stop()` it. */
export async function createFuzzWorld(client: DatabaseClient): Promise<FuzzWorld> {
  process.env.DATABASE_CLIENT = client;
  const databaseA = await freshDatabase();
  const { hidden, values } = await buildWorldA(databaseA.env);
  const databaseB = await cloneDatabase(client, databaseA.env);
  const sql = await openSql(client, databaseB.env);
  let markerB: string;
  try {
    markerB = await rewriteHidden(sql, hidden.hiddenDocuments.teasers);
  } finally {
    await sql.close();
  }
  const markersA = hidden.kinds.flatMap((kind) => kind.markers);
  const publicDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'fuzz-public-'));
  fs.mkdirSync(path.join(publicDir, 'uploads'));
  const [A, B] = await Promise.all([fuzzServer('A', client, databaseA.env, publicDir), fuzzServer('B', client, databaseB.env, publicDir)]);
  return {
    client,
    values: { ...values, markers: [...markersA, markerB] },
    // B still holds A's hidden slugs and documentIds (only texts and dates were rewritten), and its own marker.
    forbidden: { A: markersA, B: [...markersA, markerB] },
    forbiddenInLocale: hidden.kinds.reduce<Record<string, string[]>>((found, kind) => {
      if (kind.localeMarkers.length) found[kind.locale] = [...(found[kind.locale] ?? []), ...kind.localeMarkers];
      return found;
    }, {}),
    servers: { A, B },
    stop: async () => {
      await Promise.all([A.stop(), B.stop()]);
      await databaseB.drop();
      await databaseA.drop();
      fs.rmSync(publicDir, { recursive: true, force: true });
    },
  };
}
