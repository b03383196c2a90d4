/**
 * `npm start` and `npm run doctor` as an operator runs them, in real processes on a database of their own:
 * the start refuses each broken setup with one line naming the problem (and no stack trace), starts with
 * a good one, logs one JSON object per line in production, answers /_health and /_ready, and on SIGTERM
 * lets a request in flight finish before it exits 0. The doctor passes on the good setup and names the
 * problem of each broken one.
 */
import fs from 'fs';
import http from 'http';
import net, { type AddressInfo } from 'net';
import path from 'path';
import { Client } from 'pg';
import { freshDatabase } from '../harness/app';
import { appDir } from '../harness/constants';
import { childEnv, runScript, startServerProcess, type ServerProcess } from '../harness/processes';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let publicDir: string;
const client = (process.env.DATABASE_CLIENT ?? 'sqlite') as 'sqlite' | 'postgres';

beforeAll(async () => {
  database = await freshDatabase();
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  publicDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'public-'));
  fs.mkdirSync(path.join(publicDir, 'uploads'));
});
afterAll(async () => {
  await database?.drop();
  fs.rmSync(publicDir, { recursive: true, force: true });
});

/** A good production setup on this file's database; `extra` changes or removes (undefined) variables. */
const production = (extra: Record<string, string | undefined> = {}) =>
  childEnv({ NODE_ENV: 'production', PUBLIC_DIR: publicDir, BACKUP_DIR: path.join(publicDir, 'backups'), ...database.env, ...extra });

/** True when a new TCP connection to the port is accepted. */
const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** The refusal lines of `npm start`, JSON or not. */
const messages = (text: string) =>
  lines(text).map((line) => {
    try {
      return String(JSON.parse(line).message);
    } catch {
      return line;
    }
  });

describe('npm start refuses a broken setup, one line per problem', () => {
  const start = (extra: Record<string, string | undefined>) => runScript('scripts/start.js', [], production(extra), { timeoutMs: 30_000 });

  const expectRefused = async (extra: Record<string, string | undefined>, expected: RegExp[]) => {
    const result = await start(extra);
    expect(result.code).toBe(1);
    const output = messages(result.stdout + result.stderr);
    for (const pattern of expected) expect(output.filter((line) => pattern.test(line))).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(result.ms).toBeLessThan(15_000);
    return output;
  };

  test('every missing secret is named, each on its own line, in JSON in production', async () => {
    const missing = {
      APP_KEYS: undefined,
      API_TOKEN_SALT: undefined,
      ADMIN_JWT_SECRET: undefined,
      TRANSFER_TOKEN_SALT: undefined,
      JWT_SECRET: undefined,
      ENCRYPTION_KEY: undefined,
    };
    const result = await start(missing);
    expect(result.code).toBe(1);
    for (const line of lines(result.stderr)) expect(JSON.parse(line)).toMatchObject({ level: 'error', message: expect.any(String) });
    const output = messages(result.stderr);
    for (const name of Object.keys(missing)) {
      expect(output.filter((line) => line.startsWith(`Start-up refused: ${name} is missing: set it in .env`))).toHaveLength(1);
    }
  });

  test('a placeholder secret', async () => {
    await expectRefused({ ADMIN_JWT_SECRET: 'tobemodified', APP_KEYS: 'toBeModified1,toBeModified2' }, [
      /ADMIN_JWT_SECRET still holds a placeholder value/,
      /APP_KEYS still holds a placeholder value/,
    ]);
  });

  test('an unknown DATABASE_CLIENT', async () => {
    await expectRefused({ DATABASE_CLIENT: 'mysql' }, [/DATABASE_CLIENT "mysql" is not supported \(use one of: sqlite, postgres\)/]);
  });

  test('purge settings that cannot work (an unknown adapter; varnish without an address)', async () => {
    await expectRefused({ PURGE_ADAPTER: 'akamai' }, [/PURGE_ADAPTER "akamai" is not one of none, varnish, fastly, cloudflare, webhook/]);
    await expectRefused({ PURGE_ADAPTER: 'varnish' }, [/PURGE_VARNISH_URLS is missing: PURGE_ADAPTER=varnish needs it/]);
  });

  test('a database that cannot be reached', async () => {
    await expectRefused({ DATABASE_CLIENT: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/newsroom' }, [
      /Database: PostgreSQL at 127\.0\.0\.1:1\/newsroom refused the connection: start PostgreSQL or fix DATABASE_URL/,
    ]);
    const notAFolder = path.join(publicDir, 'not-a-folder');
    fs.writeFileSync(notAFolder, '');
    await expectRefused({ DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(notAFolder, 'data.db') }, [
      /Database: cannot create the SQLite file .*not-a-folder\/data\.db \(.*not-a-folder is not a writable folder\): fix DATABASE_FILENAME/,
    ]);
  });

  test('an uploads folder that does not exist (local media)', async () => {
    const missing = path.join(publicDir, 'missing');
    await expectRefused({ PUBLIC_DIR: missing }, [/Uploads: the folder .*\/missing\/uploads does not exist: create it/]);
  });

  test('invalid news settings, together with the other problems', async () => {
    const output = await expectRefused({ NEWS_TIMEZONE: 'Mars/Olympus_Mons', NEWS_DATE_FORMAT: 'YYYY', JWT_SECRET: undefined }, [
      /NEWS_TIMEZONE "Mars\/Olympus_Mons" is not an IANA time zone/,
      /NEWS_DATE_FORMAT "YYYY" is not a usable date-fns format pattern/,
      /JWT_SECRET is missing/,
    ]);
    expect(output.some((line) => /^Use `yyyy`/.test(line))).toBe(false); // date-fns' own warning is not repeated
  });
});

describe('npm start with a good setup', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess(production({ SHUTDOWN_TIMEOUT_MS: '10000' }));
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('/_health answers 204 (liveness) and /_ready 200 with the database up (readiness)', async () => {
    expect((await fetch(`${server.url}/_health`)).status).toBe(204);
    const ready = await fetch(`${server.url}/_ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ok', database: 'up' });
  });

  test('logs one JSON object per line, with method, path, status and duration of each request', async () => {
    expect((await fetch(`${server.url}/api/articles?pagination[pageSize]=1`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/articles/by-slug/no-such-article`)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stdout = lines(server.output().stdout);
    expect(stdout.length).toBeGreaterThan(3);
    const entries = stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries)
      expect(entry).toEqual(expect.objectContaining({ level: expect.any(String), message: expect.any(String), timestamp: expect.anything() }));
    const requests = entries.filter((entry) => entry.level === 'http');
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'GET', path: '/api/articles', status: 200, duration: expect.any(Number) }),
        expect.objectContaining({ method: 'GET', path: '/api/articles/by-slug/no-such-article', status: 404 }),
      ]),
    );
    // Load-balancer probes that succeed are not logged; query strings never are.
    expect(requests.some((entry) => entry.path === '/_health' || entry.path === '/_ready')).toBe(false);
    expect(stdout.some((line) => line.includes('pageSize'))).toBe(false);
  });

  test('on SIGTERM a slow request in flight completes, new connections are refused, and the process exits 0', async () => {
    const slow = fetch(`${server.url}/_test/slow?ms=1500`).then(async (res) => ({ status: res.status, body: await res.json(), at: Date.now() }));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the request is in flight
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await canConnect(server.port)).toBe(false); // no longer accepting connections

    const response = await slow;
    expect(response).toMatchObject({ status: 200, body: { slept: 1500 } });
    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(1500 + 3000); // bounded: the request's remaining time plus a little
    expect(exit.at).toBeGreaterThanOrEqual(response.at);

    const log = lines(server.output().stdout).map((line) => JSON.parse(line) as { message: string });
    const messagesLogged = log.map((entry) => entry.message);
    expect(messagesLogged).toEqual(expect.arrayContaining([expect.stringMatching(/^SIGTERM received: no longer accepting connections; 1 request in flight/)]));
    expect(messagesLogged).toEqual(expect.arrayContaining([expect.stringMatching(/^Requests in flight finished after \d+ ms$/), 'Strapi has been shut down']));
    expect(server.output().stderr).not.toMatch(/Error/);
  });
});

describe('npm run doctor', () => {
  const doctor = (extra: Record<string, string | undefined> = {}, args: string[] = ['--skip=admin-build']) =>
    runScript('scripts/doctor.js', args, production(extra));
  const statusLines = (stdout: string) => lines(stdout).filter((line) => /^(OK|WARN|FAIL) /.test(line));

  test('passes on the good setup: one OK line per check', async () => {
    const result = await doctor({ PUBLIC_SITE_URL: 'https://news.example.com' });
    // The build line may warn when someone edits a source file while the tests run; it never fails.
    const statuses = statusLines(result.stdout).map((line) => `${line.split(/\s+/)[0]} ${line.split(/\s+/)[1]}`);
    expect(statuses.map((status) => (status === 'WARN Build:' ? 'OK Build:' : status))).toEqual([
      'OK Node.js',
      'OK Build:',
      'OK Configuration:',
      'OK Locales:',
      'OK Feeds',
      'OK Purge:',
      'OK Database:',
      'OK Migrations:',
      'OK Search',
      'OK Purge',
      'OK Disk',
      'OK Disk',
    ]);
    expect(result.stdout).toMatch(/^OK +Purge queue: nothing waiting$/m);
    expect(result.stdout).toMatch(/^OK +Node\.js v\d+/m);
    expect(result.stdout).toMatch(
      client === 'postgres' ? /^OK +Database: PostgreSQL \d+[.\d]* at 127\.0\.0\.1:5432\/newsroom_test_/m : /^OK +Database: SQLite \d/m,
    );
    expect(result.stdout).toMatch(
      /^OK +Purge: none \(no cache tier is purged; set PURGE_ADAPTER to varnish, fastly, cloudflare or webhook when one is in front\)$/m,
    );
    expect(result.stdout).toMatch(/^OK +Migrations: none pending$/m);
    expect(result.stdout).toMatch(/^OK +Disk \(uploads\): .* free at /m);
    expect(result.stdout).toMatch(/^OK +Disk \(backups\): .* free at /m);
    expect(result.stdout).toMatch(/Doctor: all checks passed\./);
    expect(result.code).toBe(0);
  });

  test('the admin panel build: present, or named with what to do', async () => {
    const result = await doctor({}, []);
    if (fs.existsSync(path.join(appDir, 'dist', 'build', 'index.html'))) {
      expect(result.stdout).toMatch(/^OK +Admin panel build: dist\/build\/index\.html$/m);
      expect(result.code).toBe(0);
    } else {
      expect(result.stdout).toMatch(/^FAIL +Admin panel build: dist\/build\/index\.html is missing: run npm run build$/m);
      expect(result.code).toBe(1);
    }
  });

  test.each([
    ['a missing secret', { ENCRYPTION_KEY: undefined }, /^FAIL +ENCRYPTION_KEY is missing/m],
    ['a placeholder secret', { API_TOKEN_SALT: 'changeme' }, /^FAIL +API_TOKEN_SALT still holds a placeholder value/m],
    ['an unknown DATABASE_CLIENT', { DATABASE_CLIENT: 'oracle' }, /^FAIL +DATABASE_CLIENT "oracle" is not supported/m],
    [
      'an unreachable database',
      { DATABASE_CLIENT: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/newsroom' },
      /^FAIL +Database: PostgreSQL at 127\.0\.0\.1:1\/newsroom refused the connection/m,
    ],
    ['invalid news settings', { NEWS_TIMEZONE: 'Nowhere/City' }, /^FAIL +NEWS_TIMEZONE "Nowhere\/City" is not an IANA time zone/m],
    [
      'too little disk space',
      { DOCTOR_MIN_FREE_MB: String(Number.MAX_SAFE_INTEGER) },
      /^FAIL +Disk \(uploads\): only \d+ MB free at .*: free some space or move PUBLIC_DIR$/m,
    ],
    ['a bad operations setting', { SHUTDOWN_TIMEOUT_MS: 'soon' }, /^FAIL +SHUTDOWN_TIMEOUT_MS "soon" is not an integer/m],
    ['an invalid purge setting', { PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: 'hooks.example.com' }, /^FAIL +PURGE_WEBHOOK_URL must be an http\(s\) URL/m],
  ])('names the problem of %s and exits 1', async (_name, extra, expected) => {
    const result = await doctor(extra);
    expect(result.stdout).toMatch(expected);
    expect(result.stdout).toMatch(/Doctor: \d+ problems? to fix/);
    expect(result.code).toBe(1);
  });

  test('the purge endpoint: reachable is OK; unreachable is a warning naming it (readers are still served), never the token', async () => {
    // A stand-in Varnish that answers 200 to everything, and an address where nothing listens any more.
    const listen = async (server: http.Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const gone = http.createServer();
    const closed = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));
    const up = http.createServer((_request, response) => response.end());
    const upUrl = await listen(up);
    const skip = ['--skip=admin-build,build,database,migrations,disk'];
    try {
      const ok = await doctor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: `${upUrl},${upUrl}/second` }, skip);
      expect(ok.stdout).toMatch(/^OK +Purge: varnish \(2 addresses\) reachable$/m);
      expect(ok.code).toBe(0);

      const down = await doctor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: `${upUrl},${closed}` }, skip);
      expect(down.stdout).toMatch(new RegExp(`^WARN +Purge: varnish \\(2 addresses\\) unreachable: PURGE ${closed}/ failed: connect ECONNREFUSED `, 'm'));
      expect(down.code).toBe(0);

      const token = 'fastly-token-never-shown';
      const api = await doctor({ PURGE_ADAPTER: 'fastly', PURGE_FASTLY_API_URL: closed, PURGE_FASTLY_SERVICE_ID: 'SVC', PURGE_FASTLY_API_TOKEN: token }, skip);
      expect(api.stdout).toMatch(
        new RegExp(`^WARN +Purge: fastly \\(service SVC\\) unreachable: GET ${closed}/service/SVC failed: connect ECONNREFUSED `, 'm'),
      );
      expect(api.stdout).not.toContain(token);
    } finally {
      up.closeAllConnections();
      await new Promise((resolve) => up.close(resolve));
    }
  });

  test('a pending migration is a warning: the next start runs it, back up first', async () => {
    const name = '5.0.0-06-add-document-id-indexes';
    const remove = `DELETE FROM strapi_migrations_internal WHERE name = '${name}'`;
    const insert = `INSERT INTO strapi_migrations_internal (name, time) VALUES ('${name}', CURRENT_TIMESTAMP)`;
    const exec = async (sql: string) => {
      if (client === 'postgres') {
        const pg = new Client({ connectionString: database.env.DATABASE_URL });
        await pg.connect();
        await pg.query(sql).finally(() => pg.end());
      } else {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here and is needed only on SQLite
        const Sqlite = require('better-sqlite3');
        const db = new Sqlite(database.env.DATABASE_FILENAME);
        db.prepare(sql).run();
        db.close();
      }
    };
    await exec(remove);
    try {
      const result = await doctor();
      expect(result.stdout).toMatch(
        new RegExp(`^WARN +Migrations: 1 pending \\(${name}\\): the next start runs them; take a backup first \\(npm run backup\\)$`, 'm'),
      );
      expect(result.code).toBe(0);
    } finally {
      await exec(insert);
    }
  });
});
