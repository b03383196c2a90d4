/**
 * Durability: the production server (`npm start`, a real process) is given content over HTTP, stopped with
 * SIGTERM (also while writes are in flight) and started again on the same database.
 *
 * - Every row is still there: full dumps of the content tables (and every other table) before the stop
 *   and after the restart are identical; each write answered with a 2xx is stored, and no other.
 * - The exit is graceful: code 0 (src/operations/graceful-shutdown.ts).
 * - Starting again, and running the migration set again, changes nothing: the schema (tables, columns,
 *   indexes, constraints, as the database reports them) and all data stay identical, and each migration
 *   is recorded once.
 * - A database that already breaks a rule of the integrity indexes (two drafts with one slug) still
 *   starts; the start names the clashing slug, and creates the index once it is fixed.
 *
 * Runs on SQLite (`npm test`) and PostgreSQL (`npm run test:postgres`).
 */
import { PURGE_TABLE } from '../../src/cache/purge-queue';
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import { freshDatabase } from '../harness/app';
import { appDir } from '../harness/constants';
import { childEnv, startServerProcess, type ServerProcess } from '../harness/processes';
import { sleep } from '../harness/time';

type Row = Record<string, unknown>;

type Dump = Record<string, Row[]>;

const client = (process.env.DATABASE_CLIENT ?? 'sqlite') as 'sqlite' | 'postgres';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let database: Awaited<ReturnType<typeof freshDatabase>>;
let publicDir: string;
let server: ServerProcess | undefined;
let adminJwt: string;
let apiToken: string;

const env = () => childEnv({ NODE_ENV: 'production', PUBLIC_DIR: publicDir, SHUTDOWN_TIMEOUT_MS: '10000', ...database.env });

/** Runs SQL on the test database through a connection of its own (read-only on SQLite). */
async function query(sql: string, bindings: unknown[] = []): Promise<Row[]> {
  if (client === 'postgres') {
    const pg = new Client({ connectionString: database.env.DATABASE_URL });
    await pg.connect();
    try {
      return (await pg.query(sql, bindings)).rows as Row[];
    } finally {
      await pg.end();
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here and is needed only on SQLite
  const Sqlite = require('better-sqlite3');
  const db = new Sqlite(database.env.DATABASE_FILENAME);
  try {
    const statement = db.prepare(sql);
    return statement.reader ? (statement.all(...bindings) as Row[]) : (statement.run(...bindings), []);
  } finally {
    db.close();
  }
}

const tables = async () =>
  (client === 'postgres'
    ? await query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`)
    : await query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`)
  ).map((row) => String(row.name));

/** The n-th bound parameter in SQL: `$n` on PostgreSQL, `?` on SQLite. */
const param = (n: number) => (client === 'postgres' ? `$${n}` : '?');

const normalize = (value: unknown) => (value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? value.toString('base64') : value);

/**
 * Strapi's own bookkeeping that every start rewrites by design, compared without the part that changes:
 * the upload plugin draws a new random weekly schedule for its metrics job, and the stored database schema
 * gets a new row and time when the start ran migrations (its hash and content are still compared).
 */
function withoutBookkeeping(table: string, row: Row): Row {
  if (table === 'strapi_core_store_settings' && row.key === 'plugin_upload_metrics') return { ...row, value: '(weekly schedule drawn at start)' };
  if (table === 'strapi_database_schema') return { hash: row.hash, schema: row.schema };
  return row;
}

/** Every row of every table, in a stable order. */
async function dumpData(): Promise<Dump> {
  const dump: Dump = {};
  for (const table of await tables()) {
    // Purges waiting to be sent are work, not content: a restarted instance sends them and deletes them.
    if (table === PURGE_TABLE) continue;
    const rows = await query(`SELECT * FROM "${table}"`);
    const normalized = rows.map((row) => withoutBookkeeping(table, Object.fromEntries(Object.entries(row).map(([key, value]) => [key, normalize(value)]))));
    dump[table] = normalized.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  }
  return dump;
}

/** Tables, columns, indexes and constraints, as the database itself reports them. */
async function dumpSchema(): Promise<Dump> {
  if (client === 'postgres') {
    return {
      columns: await query(
        `SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default, character_maximum_length
         FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      ),
      indexes: await query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname`),
      constraints: await query(
        `SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints
         WHERE table_schema = current_schema() ORDER BY table_name, constraint_name`,
      ),
    };
  }
  return { objects: await query(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`) };
}

async function start(extra: Record<string, string> = {}) {
  server = await startServerProcess({ ...env(), ...extra });
  return server;
}

/** SIGTERM, and the process must exit 0. */
async function stop() {
  if (!server) return; // a test before this one failed half-way
  const exit = await server.stop();
  expect(exit).toMatchObject({ code: 0, signal: null });
  server = undefined;
}

/** The messages the server logged (one JSON object per line in production). */
const logMessages = (of: ServerProcess = server!) =>
  (of.output().stdout + of.output().stderr)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return String((JSON.parse(line) as { message: unknown }).message);
      } catch {
        return line;
      }
    })
    .join('\n');

const call = (method: string, url: string, body?: unknown, auth = apiToken) =>
  fetch(`${server!.url}${url}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function created(res: Response): Promise<Row> {
  const body = (await res.json()) as { data: Row };
  if (res.status !== 201 && res.status !== 200) throw new Error(`Expected 2xx, got ${res.status}: ${JSON.stringify(body)}`);
  return body.data;
}

beforeAll(async () => {
  database = await freshDatabase();
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  publicDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'public-'));
  fs.mkdirSync(path.join(publicDir, 'uploads'));

  await start();
  const register = await fetch(`${server!.url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'chief@newsroom.test', firstname: 'Chief', lastname: 'Editor', password: 'Chief-Passw0rd' }),
  });
  adminJwt = ((await created(register)) as { token: string }).token;
  const token = await call('POST', '/admin/api-tokens', { name: 'durability', type: 'full-access', lifespan: null }, adminJwt);
  apiToken = String((await created(token)).accessKey);
});

afterAll(async () => {
  if (server) await server.stop();
  await database?.drop();
  fs.rmSync(publicDir, { recursive: true, force: true });
});

describe('content survives a SIGTERM and a restart', () => {
  let publishedSlug: string;
  let pageBefore: string;

  test('content of every kind written over HTTP: sections, published and draft articles, teasers, an upload', async () => {
    const form = new FormData();
    form.append('files', new Blob([PNG], { type: 'image/png' }), 'cover.png');
    const upload = await fetch(`${server!.url}/api/upload`, { method: 'POST', headers: { Authorization: `Bearer ${apiToken}` }, body: form });
    expect(upload.status).toBe(201);
    const [file] = (await upload.json()) as Array<{ id: number; url: string }>;
    expect(fs.existsSync(path.join(publicDir, file.url))).toBe(true);

    const world = await created(await call('POST', '/api/sections', { data: { name: 'World', description: 'News from everywhere' } }));
    const europe = await created(await call('POST', '/api/sections', { data: { name: 'Europe', parent: world.documentId } }));
    const published = await created(
      await call('POST', '/api/articles', {
        data: {
          title: 'Vienna peace talks',
          byline: 'A. Reporter',
          section: world.documentId,
          cover: file.id,
          body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Talks resumed in Vienna on Tuesday.' }] }],
          seo: { metaTitle: 'Vienna talks', metaDescription: 'Peace talks in Vienna' },
        },
      }),
    );
    await created(await call('POST', '/api/articles?status=draft', { data: { title: 'Embargoed story', section: europe.documentId } }));
    const edited = await created(await call('POST', '/api/articles', { data: { title: 'Edited after publication', section: europe.documentId } }));
    await created(await call('PUT', `/api/articles/${String(edited.documentId)}?status=draft`, { data: { byline: 'Only in the draft' } }));
    await created(await call('POST', '/api/teasers', { data: { article: published.documentId, headline: 'Talks in Vienna', position: 1 } }));
    await created(await call('POST', '/api/teasers?status=draft', { data: { article: edited.documentId, section: europe.documentId } }));

    publishedSlug = String(published.slug);
    const page = await fetch(`${server!.url}/api/articles/by-slug/${publishedSlug}`);
    expect(page.status).toBe(200);
    pageBefore = await page.text();
    const rows = await dumpData();
    expect(rows.articles).toHaveLength(5); // 3 drafts, 2 published
    expect(rows.teasers).toHaveLength(3);
    expect(rows.files).toHaveLength(1);
  });

  test('SIGTERM, exit 0, start again on the same database: every row and file is there, the page is the same', async () => {
    const before = await dumpData();
    await stop();
    expect(await dumpData()).toEqual(before);

    await start();
    // Every table but Strapi's settings store, which the second start of a new database completes by
    // itself (the admin's list settings of a component's `id`, the media library's notice); from then on
    // it stays as it is (next describe block).
    const { strapi_core_store_settings: _settings, ...content } = before;
    expect(await dumpData()).toEqual(expect.objectContaining(content));
    expect(Object.keys(await dumpData()).sort()).toEqual(Object.keys(before).sort());
    const page = await fetch(`${server!.url}/api/articles/by-slug/${publishedSlug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(pageBefore);
    for (const file of before.files) expect(fs.existsSync(path.join(publicDir, String(file.url)))).toBe(true);
  });

  test('writes in flight when SIGTERM arrives: every write answered 2xx is stored after the restart, and no other', async () => {
    const prefix = `In flight ${Date.now()}`;
    const send = (i: number) =>
      call('POST', '/api/articles?status=draft', { data: { title: `${prefix} ${i}` } }).then(
        async (res) => ({ i, status: res.status, body: (await res.json()) as { data?: Row } }),
        (error: Error) => ({ i, status: 0, body: { error: error.message } as { data?: Row } }),
      );
    // Six writers, each sending its next write as soon as the last is answered, until one is refused.
    const results: Array<Awaited<ReturnType<typeof send>>> = [];
    let sent = 0;
    const writer = async () => {
      while (sent < 500) {
        const result = await send(sent++);
        results.push(result);
        if (result.status !== 201) return;
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    while (results.length < 12) await sleep(5);
    const stopped = server!;
    stopped.child.kill('SIGTERM'); // the writers keep sending while the server drains
    await Promise.all(writers);
    const exit = await stopped.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    server = undefined;

    // Each write is answered 2xx, or not at all (refused connection): never a 5xx, never cut half-way.
    for (const result of results) expect([0, 201]).toContain(result.status);
    const answered = results.filter((result) => result.status === 201);
    expect(answered.length).toBeGreaterThanOrEqual(6);
    expect(logMessages(stopped)).toMatch(/^SIGTERM received: no longer accepting connections/m);

    await start();
    const stored = await query(`SELECT document_id, title FROM articles WHERE title LIKE ${param(1)}`, [`${prefix} %`]);
    expect(stored.map((row) => [row.document_id, row.title]).sort()).toEqual(
      answered.map((result) => [result.body.data!.documentId, `${prefix} ${result.i}`]).sort(),
    );
  });
});

describe('starting again and running the migrations again change nothing', () => {
  const migrationNames = async () => (await query('SELECT name FROM strapi_migrations ORDER BY name')).map((row) => String(row.name));

  test('a restart leaves schema and data identical, each migration recorded once', async () => {
    const schema = await dumpSchema();
    const data = await dumpData();
    await stop();
    await start();
    expect(await dumpSchema()).toEqual(schema);
    expect(await dumpData()).toEqual(data);

    const names = await migrationNames();
    expect(names).toEqual(
      fs
        .readdirSync(path.join(appDir, 'database', 'migrations'))
        .map((name) => name.replace(/\.ts$/, '.js'))
        .sort(),
    );
    expect(new Set(names).size).toBe(names.length);
    const internal = (await query('SELECT name FROM strapi_migrations_internal')).map((row) => String(row.name));
    expect(new Set(internal).size).toBe(internal.length);
  });

  test('the migration set run again on the existing database: schema and data identical, no duplicate entries', async () => {
    await stop();
    const names = await migrationNames();
    await query('DELETE FROM strapi_migrations');
    const schema = await dumpSchema();
    const { strapi_migrations: _gone, ...data } = await dumpData();

    await start(); // the start runs every user migration again, then syncs
    const { strapi_migrations: migrations, ...after } = await dumpData();
    expect(after).toEqual(data);
    expect(await dumpSchema()).toEqual(schema);
    expect(migrations.map((row) => row.name).sort()).toEqual(names);
  });
});

describe('a database that already breaks the slug rule', () => {
  const SLUG_INDEX = 'articles_draft_slug_locale_unique';
  const hasIndex = async (name: string) =>
    (client === 'postgres'
      ? await query(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ${param(1)}`, [name])
      : await query(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = ${param(1)}`, [name])
    ).length === 1;
  const setSlug = (slug: string, title: string) =>
    query(`UPDATE articles SET slug = ${param(1)} WHERE title = ${param(2)} AND published_at IS NULL`, [slug, title]);

  test('still starts, names the clashing slug, and gets the index once the clash is fixed', async () => {
    await stop();
    // As two instances could have left it before the index existed.
    await query(`DROP INDEX ${SLUG_INDEX}`);
    await setSlug('vienna-peace-talks', 'Embargoed story');

    await start();
    expect(await hasIndex(SLUG_INDEX)).toBe(false);
    const log = logMessages();
    expect(log).toMatch(
      /Unique index articles_draft_slug_locale_unique not created: these slugs are held by several articles draft rows: "vienna-peace-talks" in locale "en" \(2 rows\)/,
    );
    // The rest of the product works: a new article with that title still gets a free slug.
    const res = await call('POST', '/api/articles?status=draft', { data: { title: 'Vienna peace talks' } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { data: Row }).data.slug).toBe('vienna-peace-talks-2');

    await stop();
    await setSlug('embargoed-story', 'Embargoed story');
    await start();
    expect(await hasIndex(SLUG_INDEX)).toBe(true);
    expect(logMessages()).not.toMatch(/not created/);
  });
});
