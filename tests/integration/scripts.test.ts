/**
 * The operations scripts as an operator runs them, as real processes, on this run's database (the
 * PostgreSQL stage of test:all runs it on PostgreSQL): `npm run doctor`, `seed`, `backup`, `restore` and `search:reindex`
 * exit 0 on a new database and again on the same database once it holds content. Each runs more than
 * once: `npm run seed` on a new PostgreSQL database used to exit 1 (`Error: aborted`) because Strapi's
 * entry events were still reading the database when it shut down (src/operations/settle.ts).
 */
import fs from 'fs';
import path from 'path';
import { freshDatabase } from '../harness/app';
import { appDir } from '../harness/constants';
import { childEnv, runScript, type Finished } from '../harness/processes';

// Each script boots Strapi: ~15 s alone, several times that on a loaded CI machine.
jest.setTimeout(900_000);
const SCRIPT_TIMEOUT = { timeoutMs: 300_000 };

let database: Awaited<ReturnType<typeof freshDatabase>>;
let workDir: string;

const env = (target = database, extra: Record<string, string | undefined> = {}) =>
  childEnv({ ...target.env, PUBLIC_DIR: path.join(workDir, 'public'), BACKUP_DIR: path.join(workDir, 'backups'), ...extra });

/** What a failed run printed, in the assertion message. */
const exitedCleanly = (result: Finished) => {
  expect({ code: result.code, signal: result.signal, output: result.code === 0 ? '' : `${result.stdout}\n${result.stderr}` }).toEqual({
    code: 0,
    signal: null,
    output: '',
  });
  expect(result.stderr).not.toMatch(/Error: aborted|UnhandledPromiseRejection|^\s+at /m);
};

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

beforeAll(async () => {
  database = await freshDatabase();
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  workDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'scripts-'));
  fs.mkdirSync(path.join(workDir, 'public', 'uploads'), { recursive: true });
});

afterAll(async () => {
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('npm run doctor on a new database: all checks pass; without PUBLIC_SITE_URL it warns that feeds and sitemaps are off', async () => {
  const result = await runScript(
    'scripts/doctor.js',
    ['--skip=admin-build,build'],
    env(database, { PUBLIC_SITE_URL: 'https://news.example.com' }),
    SCRIPT_TIMEOUT,
  );
  exitedCleanly(result);
  expect(result.stdout).toMatch(/^OK +Feeds and sitemaps: link to https:\/\/news\.example\.com$/m);
  expect(result.stdout).toMatch(/^OK +Purge: none \(no cache tier is purged/m);
  expect(result.stdout).toMatch(/^OK +Search index: new database: the first start creates and fills it$/m);
  expect(result.stdout).toMatch(/Doctor: all checks passed\./);

  const off = await runScript('scripts/doctor.js', ['--skip=admin-build,build'], env(), SCRIPT_TIMEOUT);
  exitedCleanly(off);
  expect(off.stdout).toMatch(/^WARN +Feeds and sitemaps: PUBLIC_SITE_URL is not set/m);
  expect(off.stdout).toMatch(/Doctor: all checks passed \(1 warning\)\./);
});

test('npm run backup on a new database', async () => {
  exitedCleanly(await runScript('scripts/backup.js', [], env(), SCRIPT_TIMEOUT));
});

test('npm run search:reindex on a new database', async () => {
  const result = await runScript('scripts/search-reindex.js', [], env(), SCRIPT_TIMEOUT);
  exitedCleanly(result);
  expect(lastLine(result.stdout)).toMatch(/^Search index of (SQLite|PostgreSQL) \S+ rebuilt: 0 published articles in \d+\.\d s; \d+\.\d (KB|MB)$/);
});

test('npm run seed on a new database, then again on the seeded one', async () => {
  const first = await runScript('scripts/run-seed.js', [], env(), SCRIPT_TIMEOUT);
  exitedCleanly(first);
  expect(first.stdout).toMatch(/^Seed: created 6 sections, 23 articles, 3 teasers; already there: 0 sections, 0 articles, 0 teasers\.$/m);

  const second = await runScript('scripts/run-seed.js', [], env(), SCRIPT_TIMEOUT);
  exitedCleanly(second);
  expect(second.stdout).toMatch(/^Seed: created 0 sections, 0 articles, 0 teasers; already there: 6 sections, 23 articles, 3 teasers\.$/m);
});

test('npm run doctor, backup and restore on the seeded database, and restore into a new one', async () => {
  const doctor = await runScript('scripts/doctor.js', ['--skip=admin-build,build'], env(), SCRIPT_TIMEOUT);
  exitedCleanly(doctor);
  // The seed is bilingual: 23 English articles and 6 German ones.
  expect(doctor.stdout).toMatch(/^OK +Search index: in step \(29 entries\)$/m);
  expect(doctor.stdout).toMatch(/^OK +Locales: default en; missing translations are 404; words and dates of their own: /m);
  const reindex = await runScript('scripts/search-reindex.js', [], env(), SCRIPT_TIMEOUT);
  exitedCleanly(reindex);
  expect(lastLine(reindex.stdout)).toMatch(/ rebuilt: 29 published articles in /);

  const backup = await runScript('scripts/backup.js', [], env(), SCRIPT_TIMEOUT);
  exitedCleanly(backup);
  const archive = path.resolve(appDir, lastLine(backup.stdout));
  expect(fs.existsSync(archive)).toBe(true);

  exitedCleanly(await runScript('scripts/restore.js', [archive, '--yes'], env(), SCRIPT_TIMEOUT));

  const other = await freshDatabase();
  try {
    exitedCleanly(await runScript('scripts/restore.js', [archive, '--yes'], env(other), SCRIPT_TIMEOUT));
    const again = await runScript('scripts/run-seed.js', [], env(other), SCRIPT_TIMEOUT);
    exitedCleanly(again);
    expect(again.stdout).toMatch(/created 0 sections, 0 articles, 0 teasers; already there: 6 sections, 23 articles, 3 teasers/);
  } finally {
    await other.drop();
  }
});
