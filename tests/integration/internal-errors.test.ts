/**
 * No internals in errors, on a real production server process (NODE_ENV=production, JSON logs, the demo
 * seed): when the database fails under a request (its `sections` table is moved away), REST answers
 * `500 InternalServerError` with a correlation id and GraphQL `Internal Server Error` with one, neither with
 * SQL, table names, file paths or a stack; the request's JSON log line holds the same id and the real error.
 * The GraphQL request of issue 11 that used to answer with its SQL shows none either.
 */
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import { freshDatabase } from '../harness/app';
import { appDir } from '../harness/constants';
import { childEnv, startServerProcess, type ServerProcess } from '../harness/processes';

jest.setTimeout(120_000);

let database: Awaited<ReturnType<typeof freshDatabase>>;
let publicDir: string;
let server: ServerProcess;
const client = (process.env.DATABASE_CLIENT ?? 'sqlite') as 'sqlite' | 'postgres';

/** What must never reach a client: SQL, the database's own messages, file paths, stack frames. */
const INTERNALS = /\bselect\b|\bfrom\s+"|no such table|does not exist|sections_moved|SQLITE|\/work\/|node_modules|\.js:\d+|\bat\s+\S+\s+\(/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function exec(sql: string) {
  if (client === 'postgres') {
    const pg = new Client({ connectionString: database.env.DATABASE_URL });
    await pg.connect();
    await pg.query(sql).finally(() => pg.end());
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here and is needed only on SQLite
  const Sqlite = require('better-sqlite3');
  const db = new Sqlite(database.env.DATABASE_FILENAME);
  try {
    db.prepare(sql).run();
  } finally {
    db.close();
  }
}

const graphql = (query: string) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) });

/** The server's JSON log lines that mention `text`. */
const logLines = (text: string) =>
  server
    .output()
    .stdout.split('\n')
    .filter((line) => line.includes(text))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function logLineOf(correlationId: string) {
  // The line is written once the answer is ready; give the pipe a moment.
  for (let i = 0; i < 50 && logLines(correlationId).length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return logLines(correlationId);
}

beforeAll(async () => {
  database = await freshDatabase();
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  publicDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'public-'));
  fs.mkdirSync(path.join(publicDir, 'uploads'));
  server = await startServerProcess(
    childEnv({ NODE_ENV: 'production', SEED_ON_EMPTY: 'true', PUBLIC_DIR: publicDir, BACKUP_DIR: path.join(publicDir, 'backups'), ...database.env }),
  );
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  fs.rmSync(publicDir, { recursive: true, force: true });
});

test('the GraphQL request that answered with its SQL (issue 11) shows no internals', async () => {
  const res = await graphql('{ sections { slug articles(sort: "teasers.headline:asc") { slug } } }');
  const text = await res.text();
  expect(res.status).toBeLessThan(500);
  expect(text).not.toMatch(INTERNALS);
});

describe('while the database fails under every request', () => {
  beforeAll(() => exec('ALTER TABLE sections RENAME TO sections_moved'));
  afterAll(() => exec('ALTER TABLE sections_moved RENAME TO sections'));

  test('REST: 500 InternalServerError with a correlation id; the log line holds the id and the SQL error', async () => {
    const res = await fetch(`${server.url}/api/sections`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toMatch(INTERNALS);
    const body = JSON.parse(text);
    expect(body).toEqual({
      data: null,
      error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error', details: { correlationId: expect.stringMatching(UUID) } },
    });

    const lines = await logLineOf(body.error.details.correlationId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', method: 'GET', path: '/api/sections', status: 500, correlationId: body.error.details.correlationId });
    expect(lines[0].error).toMatchObject({ message: expect.stringMatching(/sections/), stack: expect.any(String) });
  });

  test('GraphQL: Internal Server Error with a correlation id; the log line holds the id and the SQL error', async () => {
    const res = await graphql('{ sections { slug name } }');
    const text = await res.text();
    expect(text).not.toMatch(INTERNALS);
    const body = JSON.parse(text);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Internal Server Error',
        extensions: {
          code: 'INTERNAL_SERVER_ERROR',
          error: { name: 'InternalServerError', message: 'Internal Server Error', details: { correlationId: expect.stringMatching(UUID) } },
        },
      }),
    ]);
    const correlationId = body.errors[0].extensions.error.details.correlationId;
    const lines = await logLineOf(correlationId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', method: 'POST', path: '/graphql', correlationId });
    expect(lines[0].error).toMatchObject({ message: expect.stringMatching(/sections/), stack: expect.any(String) });
  });

  test('client errors stay as they were: a GraphQL syntax error, a REST 404', async () => {
    const syntax = (await (await graphql('{ sections { ')).json()) as { errors: { extensions: { code: string } }[] };
    expect(syntax.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(syntax)).not.toMatch(/stacktrace|correlationId/);
    const missing = await fetch(`${server.url}/api/no-such-type`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: unknown }).error).toMatchObject({ status: 404, name: 'NotFoundError' });
  });
});
